/**
 * @module Forms with a label on every input and an error slot beside every field: an API error
 * (`errors[]` naming fields) is shown next to the field it names, anything else above the
 * buttons. Browser validation is off (`novalidate`): the API's schemas are the one judge.
 */
import { ApiError } from './api.js';
import { append, h } from './dom.js';

export interface Option {
  readonly value: string;
  readonly label: string;
}

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'password' | 'email' | 'number' | 'checkbox' | 'select';
  readonly options?: readonly Option[];
  readonly value?: string | number | boolean | null;
  readonly required?: boolean;
  readonly hint?: string;
  readonly autocomplete?: string;
}

export interface Form {
  readonly element: HTMLFormElement;
  input(name: string): HTMLInputElement | HTMLSelectElement;
  /** Replaces a select's options, keeping `value` selected when it is one of them. */
  setOptions(name: string, options: readonly Option[], value?: string): void;
  /** Text fields as trimmed strings, checkboxes as booleans. */
  values(): Record<string, string | boolean>;
  showError(error: unknown): void;
  clearErrors(): void;
}

/**
 * A form whose submit (button or Enter) runs `onSubmit`; while it runs the submit button is
 * disabled; a rejection is shown with showError.
 */
export function createForm(id: string, specs: readonly FieldSpec[], submitLabel: string, onSubmit: (form: Form) => Promise<void>): Form {
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const errorSlots = new Map<string, HTMLElement>();
  const formError = h('p', { class: 'form-error', role: 'alert', id: `${id}-error`, hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const element = h('form', { id, novalidate: true, class: 'form' });
  for (const spec of specs) append(element, field(id, spec, inputs, errorSlots));
  append(element, formError, h('div', { class: 'actions' }, submit));

  const form: Form = {
    element,
    input: (name) => inputs.get(name)!,
    setOptions(name, options, value) {
      const select = inputs.get(name) as HTMLSelectElement;
      select.replaceChildren(...options.map((o) => h('option', { value: o.value }, o.label)));
      if (value !== undefined && options.some((o) => o.value === value)) select.value = value;
    },
    values() {
      const out: Record<string, string | boolean> = {};
      for (const [name, input] of inputs) out[name] = input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value.trim();
      return out;
    },
    showError(error) {
      form.clearErrors();
      const unplaced: string[] = [];
      if (error instanceof ApiError && error.errors.length > 0) {
        for (const e of error.errors) {
          const name = fieldNameOf(e.field, inputs);
          if (name) placeError(name, e.message);
          else unplaced.push(`${e.field}: ${e.message}`);
        }
        if (unplaced.length) showFormError(unplaced.join('; '));
        (element.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      } else {
        showFormError(error instanceof ApiError ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error));
      }
    },
    clearErrors() {
      formError.hidden = true;
      formError.textContent = '';
      for (const [name, slot] of errorSlots) {
        slot.textContent = '';
        slot.hidden = true;
        inputs.get(name)!.removeAttribute('aria-invalid');
      }
    },
  };
  const placeError = (name: string, message: string) => {
    const slot = errorSlots.get(name)!;
    slot.textContent = message;
    slot.hidden = false;
    inputs.get(name)!.setAttribute('aria-invalid', 'true');
  };
  const showFormError = (message: string) => {
    formError.textContent = message;
    formError.hidden = false;
  };

  element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    submit.disabled = true;
    form.clearErrors();
    onSubmit(form)
      .catch((error: unknown) => form.showError(error))
      .finally(() => (submit.disabled = false));
  });
  return form;
}

// --- internal ---

function field(formId: string, spec: FieldSpec, inputs: Map<string, HTMLInputElement | HTMLSelectElement>, errorSlots: Map<string, HTMLElement>): HTMLElement {
  const inputId = `${formId}-${spec.name}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const describedBy = [spec.hint ? hintId : '', errorId].filter(Boolean).join(' ');
  const common = { id: inputId, name: spec.name, 'aria-describedby': describedBy, required: spec.required ?? false };
  let input: HTMLInputElement | HTMLSelectElement;
  if (spec.type === 'select') {
    input = h('select', common, ...(spec.options ?? []).map((o) => h('option', { value: o.value }, o.label)));
    if (spec.value !== undefined && spec.value !== null) input.value = String(spec.value);
  } else {
    input = h('input', { ...common, type: spec.type ?? 'text', autocomplete: spec.autocomplete ?? 'off' });
    if (spec.type === 'checkbox') input.checked = spec.value === true;
    else if (spec.value !== undefined && spec.value !== null) input.value = String(spec.value);
  }
  inputs.set(spec.name, input);
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  errorSlots.set(spec.name, error);
  const label = h('label', { for: inputId }, spec.label);
  const hint = spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null;
  return spec.type === 'checkbox'
    ? h('div', { class: 'field checkbox' }, input, label, hint, error)
    : h('div', { class: 'field' }, label, input, hint, error);
}

/** The form's field an API error names: `extension_number`, or the first part of `codecs.1`. */
function fieldNameOf(field: string, inputs: ReadonlyMap<string, unknown>): string | undefined {
  if (inputs.has(field)) return field;
  const first = field.split(/[.[]/)[0]!;
  return inputs.has(first) ? first : undefined;
}
