import { Fragment } from 'react';
import { groupBlocks, parseMarkup, type Span } from '../model';

function Runs({ spans }: { spans: Span[] }) {
  return (
    <>
      {spans.map((s, i) => (s.bold ? <strong key={i}>{s.text}</strong> : <Fragment key={i}>{s.text}</Fragment>))}
    </>
  );
}

/**
 * A contract's text (`parseMarkup`'s subset) as React elements: never HTML. Its title and
 * headings are one level under `level` (the heading of the section that shows it). A
 * `scrollable` one (a preview) has a fixed height and takes the focus.
 */
export function ContractText({ text, level = 2, label, scrollable = false }: { text: string; level?: 2 | 3; label?: string; scrollable?: boolean }) {
  const Title = level === 2 ? 'h3' : 'h4';
  const Heading = level === 2 ? 'h4' : 'h5';
  return (
    // A scrollable preview takes the focus, so that the keyboard can scroll it.
    <div className={scrollable ? 'contract-text contract-scroll' : 'contract-text'} role="document" aria-label={label} tabIndex={scrollable ? 0 : undefined}>
      {groupBlocks(parseMarkup(text)).map((group, i) => {
        switch (group.kind) {
          case 'title':
            return (
              <Title key={i} className="contract-title">
                <Runs spans={group.spans} />
              </Title>
            );
          case 'heading':
            return (
              <Heading key={i} className="contract-heading">
                <Runs spans={group.spans} />
              </Heading>
            );
          case 'paragraph':
            return (
              <p key={i}>
                <Runs spans={group.spans} />
              </p>
            );
          case 'list':
            return (
              <ul key={i}>
                {group.items.map((item, j) => (
                  <li key={j}>
                    <Runs spans={item} />
                  </li>
                ))}
              </ul>
            );
        }
      })}
    </div>
  );
}
