/** The command registry: one entry per `seam <command>`. */
import { analyzeHelp, runAnalyze } from './analyze-command.js';
import { checkHelp, runCheck } from './check-command.js';
import { editHelp, runEdit } from './edit-command.js';
import { exportHelp, runExport } from './export-command.js';
import { initHelp, runInit } from './init-command.js';
import { planHelp, runPlan } from './plan-command.js';
import { runScenario, scenarioHelp } from './scenario-command.js';
import { runServe, serveHelp } from './serve-command.js';

export interface Command {
  usage: string;
  summary: string;
  help: string;
  run(argv: readonly string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  init: { usage: 'init [dir]', summary: 'write seam.config.json from what Seam detects (apps, scope)', help: initHelp, run: runInit },
  analyze: { usage: 'analyze [dir]', summary: 'extract facts and propose services', help: analyzeHelp, run: runAnalyze },
  scenario: { usage: 'scenario <action> [args]', summary: 'list, save, switch, show and diff scenarios', help: scenarioHelp, run: runScenario },
  edit: { usage: 'edit <workspace> <op> [args]', summary: 'move, merge, split, rename, pin, undo, redo', help: editHelp, run: runEdit },
  export: { usage: 'export [dir] --out <folder>', summary: 'write skeletons, gateway, OpenAPI, data plan, report, rules', help: exportHelp, run: runExport },
  plan: { usage: 'plan accept|rules [dir]', summary: 'accept a cut as seam.plan.json; its dependency-cruiser rules', help: planHelp, run: runPlan },
  check: { usage: 'check [dir] --plan <file>', summary: 'hold the code to the accepted plan (CI): imports, tables, budgets', help: checkHelp, run: runCheck },
  serve: { usage: 'serve [dir]', summary: 'the workbench UI in your browser, on 127.0.0.1 with a token', help: serveHelp, run: runServe },
};
