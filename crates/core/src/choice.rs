//! Enums a person picks from and the database stores as text, each declared once with [`choices!`]: the
//! variant, the name it is stored and sent under, and the label the window and the reports show. From that one
//! line come serde's names, `ALL`, `as_str`, `parse`, `label`, the list the window's pickers read (through the
//! bindings: see `shell::specta_builder`), and, for the store, SQLite's `ToSql`/`FromSql` (feature `sql`), so
//! no row mapper parses a string.

use serde::Serialize;

/// One entry of a picker: the value and how it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Choice<T> {
    pub id: T,
    pub label: &'static str,
}

/// Declares a `pub enum` whose variants are written `Variant = ("stored_name", "Label")`.
#[macro_export]
macro_rules! choices {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = ($stored:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, specta::Type)]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $stored)] $variant ),+
        }

        impl $name {
            /// Every value, in the order pickers offer them.
            pub const ALL: [$name; <[&str]>::len(&[$($stored),+])] = [$($name::$variant),+];

            /// The stored name (also the JSON name).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored),+ }
            }

            /// The value stored as `text`, if it is one.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($stored => Some($name::$variant),)+ _ => None }
            }

            /// How it reads in the window and the reports.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The picker's entries, in order.
            pub fn choices() -> Vec<$crate::choice::Choice<$name>> {
                $name::ALL
                    .into_iter()
                    .map(|id| $crate::choice::Choice { id, label: id.label() })
                    .collect()
            }
        }

        #[cfg(feature = "sql")]
        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        #[cfg(feature = "sql")]
        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(
                        format!("{text:?} is not a {}", stringify!($name)).into(),
                    )
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::choices! {
        /// A test enum.
        pub enum Fruit {
            Apple = ("apple", "An apple"),
            BloodOrange = ("blood_orange", "A blood orange"),
        }
    }

    #[test]
    fn one_declaration_gives_names_labels_parsing_and_json_that_agree() {
        assert_eq!(Fruit::ALL, [Fruit::Apple, Fruit::BloodOrange]);
        for fruit in Fruit::ALL {
            assert_eq!(Fruit::parse(fruit.as_str()), Some(fruit));
            let json = serde_json::to_string(&fruit).expect("serializes");
            assert_eq!(
                json,
                format!("\"{}\"", fruit.as_str()),
                "the JSON name is the stored name"
            );
        }
        assert_eq!(Fruit::parse("pear"), None);
        assert_eq!(Fruit::BloodOrange.label(), "A blood orange");
        assert_eq!(Fruit::choices()[1].label, "A blood orange");
    }
}
