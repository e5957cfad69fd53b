// A holding statement as it would go out, filled by the core: first, in a box of its own, the only
// words nobody approved in advance (the placeholder values); then each channel's text with those
// words marked, and the website's HTML in the sandboxed preview. Everything is rendered as text.
import { HtmlFrame, useHtmlPreview } from '../../../components/html-frame';
import type { FilledTemplate, TemplateView } from '../api/templates';
import { markedParts } from '../lib/marked-text';

function Marked({ template, filled, testId }: { readonly template: string; readonly filled: FilledTemplate['filled']; readonly testId?: string }) {
  return (
    <span className="filled__text" data-testid={testId}>
      {markedParts(template, filled).map((p, i) =>
        p.placeholder === null ? (
          <span key={i}>{p.text}</span>
        ) : (
          <mark key={i} className="filled__value" title={`{${p.placeholder}}: not approved in advance`}>
            {p.text}
          </mark>
        ),
      )}
    </span>
  );
}

export function FilledValues({ filled }: { readonly filled: FilledTemplate['filled'] }) {
  return (
    <section className="filled__unapproved" aria-labelledby="unapproved-title" data-testid="template-filled-values">
      <h4 id="unapproved-title" className="filled__heading">
        The only words nobody approved in advance
      </h4>
      {filled.length === 0 ? (
        <p className="detail__muted">None: every word of this statement was approved in advance.</p>
      ) : (
        <dl className="filled__list">
          {filled.map((f) => (
            <div key={f.name} className="filled__row">
              <dt>
                <code>{`{${f.name}}`}</code>
              </dt>
              <dd>
                <mark className="filled__value">{f.value}</mark>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

export function FilledPreview({ template, filled }: { readonly template: TemplateView; readonly filled: FilledTemplate }) {
  const web = useHtmlPreview(filled.variants.website?.html ?? null);
  const t = template.variants;
  return (
    <div className="filled" data-testid="template-preview">
      <FilledValues filled={filled.filled} />
      <dl className="filled__variants">
        {t.x && filled.variants.x ? (
          <>
            <dt>X</dt>
            <dd>
              <Marked template={t.x.text} filled={filled.filled} testId="template-preview-x" />
            </dd>
          </>
        ) : null}
        {t.email && filled.variants.email ? (
          <>
            <dt>Email subject</dt>
            <dd>
              <Marked template={t.email.subject} filled={filled.filled} />
            </dd>
            <dt>Email text</dt>
            <dd>
              <Marked template={t.email.text} filled={filled.filled} />
            </dd>
          </>
        ) : null}
        {t.website && filled.variants.website ? (
          <>
            <dt>Website title</dt>
            <dd>
              <Marked template={t.website.title} filled={filled.filled} />
            </dd>
          </>
        ) : null}
      </dl>
      {web ? <HtmlFrame preview={web} title="Website page as it would be published, sandboxed" /> : null}
      {filled.violations.length > 0 ? (
        <ul className="notice notice--error composer__violations" data-testid="template-violations">
          {filled.violations.map((v, i) => (
            <li key={i}>
              {v.channel} {v.field}: {v.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
