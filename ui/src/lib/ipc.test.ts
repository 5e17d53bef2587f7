import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { api, CommandError, toCommandError } from "./ipc";
import type { AppStatus } from "./bindings";

const openStatus: AppStatus = {
  appVersion: "0.1.0",
  dataDir: "/home/ana/.local/share/org.cairn.desktop",
  store: {
    state: "open",
    info: {
      dataDir: "/home/ana/.local/share/org.cairn.desktop",
      databasePath: "/home/ana/.local/share/org.cairn.desktop/cairn.sqlite3",
      schemaVersion: 1,
      createdAt: "2026-11-24T08:00:00Z",
      sqliteVersion: "3.50.0",
    },
  },
  syncedBy: null,
  defaultDataDir: null,
};

afterEach(() => clearMocks());

describe("api", () => {
  it("calls the Rust command by its snake_case name with camelCase arguments and returns its value", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return openStatus;
    });
    await expect(api.openDataDir("/data/cairn")).resolves.toEqual(openStatus);
    expect(calls).toEqual([{ cmd: "open_data_dir", args: { path: "/data/cairn" } }]);
  });

  it("turns a command's error payload into a CommandError with the command name, code and field", async () => {
    mockIPC(() => {
      throw { code: "invalid_input", message: "Choose a folder for Cairn's data.", field: "path" };
    });
    const error = await api.openDataDir("").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      command: "openDataDir",
      code: "invalid_input",
      field: "path",
      message: "Choose a folder for Cairn's data.",
    });
  });

  it("reports a framework rejection (such as a denied permission) with the ipc code", async () => {
    mockIPC(() => {
      throw "Command app_status not allowed by ACL";
    });
    const error = await api.appStatus().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ command: "appStatus", code: "ipc", field: undefined });
    expect((error as CommandError).message).toContain("not allowed");
  });
});

describe("toCommandError", () => {
  it("keeps an existing CommandError and wraps plain errors", () => {
    const original = new CommandError("appStatus", { code: "db_locked", message: "locked" });
    expect(toCommandError("other", original)).toBe(original);
    expect(toCommandError("appStatus", new Error("bridge gone"))).toMatchObject({ code: "ipc", message: "bridge gone" });
  });
});
