import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('Bonjour, êtes-vous libres le 12 juin ?')).toEqual([
      { kind: 'text', text: 'Bonjour, êtes-vous libres le 12 juin ?' },
    ]);
    expect(linkify('')).toEqual([]);
  });

  it('turns http(s) URLs into links, without trailing punctuation', () => {
    expect(linkify('Voir https://exemple.fr/salle?x=1&y=2. Et http://a.test/b, merci')).toEqual([
      { kind: 'text', text: 'Voir ' },
      { kind: 'link', text: 'https://exemple.fr/salle?x=1&y=2', href: 'https://exemple.fr/salle?x=1&y=2' },
      { kind: 'text', text: '. Et ' },
      { kind: 'link', text: 'http://a.test/b', href: 'http://a.test/b' },
      { kind: 'text', text: ', merci' },
    ]);
  });

  it('keeps balanced parentheses and drops an unbalanced closing one', () => {
    expect(linkify('(https://fr.wikipedia.org/wiki/Jazz_(genre))')).toEqual([
      { kind: 'text', text: '(' },
      { kind: 'link', text: 'https://fr.wikipedia.org/wiki/Jazz_(genre)', href: 'https://fr.wikipedia.org/wiki/Jazz_(genre)' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://x.test', 'mailto:a@b.c', 'https://']) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('leaves HTML as text: nothing is interpreted', () => {
    const text = '<script>alert("x")</script> <b>html</b> <a href="javascript:alert(1)">x</a>';
    expect(linkify(text)).toEqual([{ kind: 'text', text }]);
  });

  it('stops URLs at quotes and angle brackets', () => {
    const segments = linkify('<a href="https://evil.test/x" onclick="y">https://ok.test/a<b></a>');
    const links = segments.filter((s) => s.kind === 'link');
    expect(links).toEqual([
      { kind: 'link', text: 'https://evil.test/x', href: 'https://evil.test/x' },
      { kind: 'link', text: 'https://ok.test/a', href: 'https://ok.test/a' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe('<a href="https://evil.test/x" onclick="y">https://ok.test/a<b></a>');
  });

  it('normalises the href but shows the text as written', () => {
    expect(linkify('HTTPS://Exemple.FR')).toEqual([{ kind: 'link', text: 'HTTPS://Exemple.FR', href: 'https://exemple.fr/' }]);
  });
});
