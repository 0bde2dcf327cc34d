/** Export: choose the kinds of artifacts and a target folder, run it, and preview the report. */
import { useState } from 'react';
import type { ExportRequest } from '../../shared/contract.js';
import { Dialog } from './Dialog.js';

export const EXPORT_KINDS: readonly { kind: string; label: string }[] = [
  { kind: 'skeletons', label: 'Service skeletons' },
  { kind: 'gateway', label: 'Gateway configs (strangler phases)' },
  { kind: 'openapi', label: 'OpenAPI per service' },
  { kind: 'data', label: 'Data-ownership plan' },
  { kind: 'report', label: 'Report (HTML)' },
  { kind: 'rules', label: 'dependency-cruiser rules for CI' },
];

interface Props {
  defaultOutDir: string;
  exported: { outDir: string; files: string[] } | null;
  reportHtml: string | null;
  onExport: (request: ExportRequest) => void;
  onPreview: () => void;
  onClosePreview: () => void;
  onClose: () => void;
}

export function ExportDialog(props: Props) {
  const [kinds, setKinds] = useState<string[]>(EXPORT_KINDS.map((k) => k.kind));
  const [outDir, setOutDir] = useState(props.defaultOutDir);
  const [force, setForce] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Dialog title="Export" onClose={props.onClose} wide={props.reportHtml !== null} testId="export-dialog">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (kinds.length === 0) return setProblem('Choose at least one kind.');
          if (!outDir.trim()) return setProblem('Give a target folder.');
          setProblem(null);
          props.onExport({ kinds, outDir: outDir.trim(), ...(force ? { force } : {}) });
        }}
      >
        <fieldset className="checks">
          <legend>Artifacts</legend>
          {EXPORT_KINDS.map((k) => (
            <label key={k.kind} className="check">
              <input
                type="checkbox"
                name="kind"
                value={k.kind}
                checked={kinds.includes(k.kind)}
                onChange={(e) => setKinds(e.target.checked ? EXPORT_KINDS.map((x) => x.kind).filter((x) => x === k.kind || kinds.includes(x)) : kinds.filter((x) => x !== k.kind))}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
        <label className="field" htmlFor="export-out">
          <span>Target folder (absolute path)</span>
          <input id="export-out" type="text" value={outDir} spellCheck={false} onChange={(e) => setOutDir(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          Overwrite a folder that is not empty
        </label>
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={props.reportHtml === null ? props.onPreview : props.onClosePreview}>
            {props.reportHtml === null ? 'Preview report' : 'Hide preview'}
          </button>
          <button type="submit" className="primary">
            Export
          </button>
        </div>
      </form>
      {props.exported && (
        <div className="export-result" role="status" data-testid="export-result">
          <p>
            Wrote {props.exported.files.length} files to <code>{props.exported.outDir}</code>
          </p>
          <ul className="plain-list file-list">
            {props.exported.files.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {props.reportHtml !== null && <iframe className="report-preview" title="Report preview" sandbox="" srcDoc={props.reportHtml} data-testid="report-preview" />}
    </Dialog>
  );
}
