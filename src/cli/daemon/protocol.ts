/**
 * What a `seam` process and a resident Seam say to each other over the resident's socket.
 *
 * The client sends one request, a line of JSON. The resident answers with frames: a type byte, the
 * payload's length (uint32, big-endian), the payload. stdout and stderr frames carry the command's
 * output as it is written; the last frame is `exit` (the exit code) or `declined` (why the resident
 * will not run it: the client then runs the command itself).
 */

import { utf8Bytes } from '../../shared/utf8.js';

export type Request =
  | {
      kind: 'analyze';
      /** the client's build (buildId): a resident of another build declines, and ends */
      build: string;
      /** envDigest of the client's environment */
      env: string;
      argv: string[];
      cwd: string;
      stdout: { isTTY: boolean };
      stderr: { isTTY: boolean };
      /** the client's start-up, for --timings */
      startup: { wallMs: number; cpuMs: number };
    }
  | { kind: 'stop' }
  | { kind: 'status' };

export const FRAME = { stdout: 1, stderr: 2, exit: 3, declined: 4, status: 5 } as const;
export type FrameType = (typeof FRAME)[keyof typeof FRAME];

/** The most a request line may hold (an argument list, a folder). */
export const MAX_REQUEST_BYTES = 256 * 1024;

export interface ResidentStatus {
  pid: number;
  workspace: string;
  build: string;
  startedAt: string;
  served: number;
}

export function frame(type: FrameType, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? utf8Bytes(payload) : payload;
  const head = Buffer.alloc(5);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Splits a byte stream into frames; call `push` with each chunk as it arrives. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (type: number, body: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 5) {
      const length = this.buffered.readUInt32BE(1);
      if (this.buffered.length < 5 + length) return;
      const type = this.buffered.readUInt8(0);
      const body = this.buffered.subarray(5, 5 + length);
      this.buffered = this.buffered.subarray(5 + length);
      this.onFrame(type, body);
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStream = (v: unknown): boolean => isObject(v) && typeof v.isTTY === 'boolean';

/** The request in a line, or undefined when it is not one this Seam sends. */
export function parseRequest(line: string): Request | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isObject(v)) return undefined;
  if (v.kind === 'stop' || v.kind === 'status') return { kind: v.kind };
  if (v.kind !== 'analyze') return undefined;
  const { build, env, argv, cwd, stdout, stderr, startup } = v;
  if (typeof build !== 'string' || typeof env !== 'string' || typeof cwd !== 'string' || !cwd.startsWith('/')) return undefined;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return undefined;
  if (!isStream(stdout) || !isStream(stderr)) return undefined;
  if (!isObject(startup) || typeof startup.wallMs !== 'number' || typeof startup.cpuMs !== 'number') return undefined;
  return v as Request;
}
