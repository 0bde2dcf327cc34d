/** The command registry: one entry per `seam <command>`. */
import { analyzeHelp, runAnalyze } from './analyze-command.js';

export interface Command {
  usage: string;
  summary: string;
  help: string;
  run(argv: readonly string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  analyze: { usage: 'analyze [dir]', summary: 'extract facts and propose services', help: analyzeHelp, run: runAnalyze },
};
