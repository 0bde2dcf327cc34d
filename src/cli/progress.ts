import { escapeForTerminal } from '../shared/terminal-text.js';

/** Progress on stderr, only when stderr is a terminal (CI logs stay clean). */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ((stage: string, done: number, total: number) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  return (stage, done, total) => {
    const now = Date.now();
    if (done < total && now - last < 80) return;
    last = now;
    stream.write(`\r\x1b[2K${escapeForTerminal(stage)} ${done}/${total}`);
    if (stage === 'link' && done === total) stream.write('\r\x1b[2K');
  };
}
