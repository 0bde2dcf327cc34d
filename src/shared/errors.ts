/**
 * Typed errors. Messages start with the stage (`extract:`, `cli:`) and say what to do.
 * Only the shells (CLI, server, Electron main) catch them and turn them into exit codes or
 * `{ ok: false, code, message }` responses.
 */
export class SeamError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The user gave something Seam cannot use (missing path, bad flag, unreadable file): exit 2. */
export class InputError extends SeamError {
  constructor(message: string, code = 'input') {
    super(message, code, 2);
  }
}
