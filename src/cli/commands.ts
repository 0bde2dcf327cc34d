/**
 * The command registry: one entry per `seam <command>`. A command's module is loaded only when
 * that command runs, so `seam analyze` does not pay for the web server of `seam serve`.
 */
export interface LoadedCommand {
  help: string;
  run(argv: readonly string[]): Promise<number>;
}

export interface Command {
  usage: string;
  summary: string;
  load(): Promise<LoadedCommand>;
}

export const commands: Record<string, Command> = {
  init: { usage: 'init [dir]', summary: 'write seam.config.json from what Seam detects (apps, scope)', load: async () => import('./init-command.js').then((m) => ({ help: m.initHelp, run: m.runInit })) },
  analyze: { usage: 'analyze [dir]', summary: 'extract facts and propose services', load: async () => import('./analyze-command.js').then((m) => ({ help: m.analyzeHelp, run: m.runAnalyze })) },
  scenario: { usage: 'scenario <action> [args]', summary: 'list, save, switch, show and diff scenarios', load: async () => import('./scenario-command.js').then((m) => ({ help: m.scenarioHelp, run: m.runScenario })) },
  edit: { usage: 'edit <workspace> <op> [args]', summary: 'move, merge, split, rename, pin, undo, redo', load: async () => import('./edit-command.js').then((m) => ({ help: m.editHelp, run: m.runEdit })) },
  export: { usage: 'export [dir] --out <folder>', summary: 'write skeletons, gateway, OpenAPI, data plan, report, rules', load: async () => import('./export-command.js').then((m) => ({ help: m.exportHelp, run: m.runExport })) },
  extract: { usage: 'extract <service> [dir] --out <folder>', summary: 'carve one service out: its code, clients, the monolith patch, the gateway phase', load: async () => import('./extract-command.js').then((m) => ({ help: m.extractHelp, run: m.runExtract })) },
  plan: { usage: 'plan accept|rules [dir]', summary: 'accept a cut as seam.plan.json; its dependency-cruiser rules', load: async () => import('./plan-command.js').then((m) => ({ help: m.planHelp, run: m.runPlan })) },
  check: { usage: 'check [dir] --plan <file>', summary: 'hold the code to the accepted plan (CI): imports, tables, budgets', load: async () => import('./check-command.js').then((m) => ({ help: m.checkHelp, run: m.runCheck })) },
  daemon: { usage: 'daemon status|stop|run', summary: "the resident Seams that keep workspaces warm for analyze", load: async () => import('./daemon-command.js').then((m) => ({ help: m.daemonHelp, run: m.runDaemonCommand })) },
  serve: { usage: 'serve [dir]', summary: 'the workbench UI in your browser, on 127.0.0.1 with a token', load: async () => import('./serve-command.js').then((m) => ({ help: m.serveHelp, run: m.runServe })) },
};
