import { mark, probe, startMarks } from "./lib/marks";
import { installDiagnostics } from "./lib/diagnostics";
import { api } from "./lib/ipc";
import { settled } from "./lib/settle";

mark("script");
installDiagnostics();

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");

if (probe === "blank") {
  // The start-up probe's floor (`make bench`): this page and one command, nothing of the app; reported after
  // a paint, as the app's first screen is.
  void settled().then(() => {
    mark("painted");
    return api.appReady(startMarks);
  });
} else {
  const { start } = await import("./start");
  mark("app");
  start(target);
}
