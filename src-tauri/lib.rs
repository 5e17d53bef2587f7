//! The Cairn app: the command line (`cli`) and the window (`shell`) over the Tauri-free `cairn-core` and
//! `cairn-store` crates.
pub mod cli;
pub mod demo;
pub mod demo_assessments;
pub mod demo_network;
pub mod demo_notes;
pub mod demo_study;
pub mod shell;
