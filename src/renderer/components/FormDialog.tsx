/** Renders one FormSpec (dialogs.ts): its fields, a problem line, and the submit button. */
import { useId, useState } from 'react';
import type { Command, Field, FormSpec } from '../dialogs.js';
import { Dialog } from './Dialog.js';

function FieldInput(props: { field: Field; value: string; onChange: (value: string) => void }) {
  const { field } = props;
  const listId = useId();
  const common = { id: `field-${field.name}`, name: field.name, value: props.value, required: field.required };
  switch (field.type) {
    case 'select':
      return (
        <select {...common} onChange={(e) => props.onChange(e.target.value)}>
          {field.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'number':
      return <input {...common} type="number" min={field.min} max={field.max} step={1} onChange={(e) => props.onChange(e.target.value)} />;
    case 'search':
      return (
        <>
          <input {...common} type="text" list={listId} autoComplete="off" spellCheck={false} onChange={(e) => props.onChange(e.target.value)} />
          <datalist id={listId}>
            {field.suggestions?.map((s) => <option key={s} value={s} />)}
          </datalist>
        </>
      );
    case 'text':
      return <input {...common} type="text" autoComplete="off" spellCheck={false} onChange={(e) => props.onChange(e.target.value)} />;
  }
}

export function FormDialog(props: { spec: FormSpec; onCommand: (command: Command) => void; onClose: () => void }) {
  const { spec } = props;
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(spec.fields.map((f) => [f.name, f.initial])));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Dialog title={spec.title} onClose={props.onClose} testId="form-dialog">
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          const outcome = spec.run(values);
          if ('problem' in outcome) {
            setProblem(outcome.problem);
            return;
          }
          props.onCommand(outcome);
          props.onClose();
        }}
      >
        {spec.description && <p className="muted">{spec.description}</p>}
        {spec.fields.map((field) => (
          <label key={field.name} className="field" htmlFor={`field-${field.name}`}>
            <span>{field.label}</span>
            <FieldInput field={field} value={values[field.name] ?? ''} onChange={(value) => setValues({ ...values, [field.name]: value })} />
            {field.hint && <small className="muted">{field.hint}</small>}
          </label>
        ))}
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {spec.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
