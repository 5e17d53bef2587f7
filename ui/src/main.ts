import { mark, probe, startMarks } from "./lib/marks";
import { installDiagnostics } from "./lib/diagnostics";
import { api } from "./lib/ipc";
import { settled } from "./lib/settle";
import { pageFromHash } from "./lib/routes";

mark("script");
installDiagnostics();

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

if (probe === "blank" || probe === "code") {
  // The start-up probe's floor (`make bench`): this page and one command, nothing of the app; reported after
  // a paint, as the app's first screen is. Its `code` step also loads the app's code (parsed and its modules
  // run) and still shows nothing: what the code alone adds to a start.
  if (probe === "code") {
    await import("./start");
    mark("app");
  }
  void settled().then(() => {
    mark("painted");
    return api.appReady(startMarks);
  });
} else {
  // The first screen's data is asked for before the app's code loads, so Rust reads it while WebKit fetches
  // and parses that code, rather than after. (Handled here too, so a failure is not reported as unhandled
  // before the app takes it and shows it.)
  const firstData = api.start(probe !== "frame" && pageFromHash(window.location.hash) === "dashboard");
  firstData.catch(() => undefined);
  const { start } = await import("./start");
  mark("app");
  start(target, firstData);
}
