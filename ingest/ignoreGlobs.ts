/**
 * Exclusion globs for the ingest walk, in gitignore's syntax: the lines of a
 * `.roundbookignore` in a folder given to `roundbook ingest`, and each
 * `--exclude GLOB`. A user says with them which files are not evidence (an
 * index, a plan, a folder of drafts) beyond what the parser recognises.
 *
 * Syntax (as gitignore): blank lines and `#` comments are skipped; `!`
 * re-includes what an earlier glob excluded (the last matching glob wins);
 * a trailing `/` matches folders only; a glob with a `/` elsewhere is
 * anchored at the folder given (a leading `/` only anchors), one without
 * matches a name at any depth; `*` and `?` never cross a `/`, `**` does,
 * `[abc]` / `[!abc]` are classes. An excluded folder is not walked, so
 * nothing inside it can be re-included (as in git).
 */

/** One compiled glob. */
interface Glob {
  re: RegExp;
  negate: boolean;
  folderOnly: boolean;
}

/** Decides for a path relative to the folder given (`/`-separated) whether it is excluded. */
export type IgnoreMatcher = (relativePath: string, isFolder: boolean) => boolean;

/**
 * The globs of a `.roundbookignore` file's text, in order (comments and blank lines dropped).
 *
 * @example ignoreLines('# drafts\nMAP.md\n\n!keep.md\n') // ['MAP.md', '!keep.md']
 */
export function ignoreLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/(?<!\\)\s+$/, ''))
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/**
 * A matcher for `globs` (see the module comment); with no globs nothing is excluded.
 *
 * @example ignoreMatcher(['MAP.md', 'drafts/'])('sub/MAP.md', false) // true
 * @example ignoreMatcher(['/MAP.md'])('sub/MAP.md', false) // false
 */
export function ignoreMatcher(globs: readonly string[]): IgnoreMatcher {
  const compiled = globs.map(compile).filter((g): g is Glob => g != null);
  return (relativePath, isFolder) => {
    const path = relativePath.replace(/\\/g, '/').replace(/^\.\/+/, '');
    let excluded = false;
    for (const g of compiled) {
      if (g.folderOnly && !isFolder) continue;
      if (g.re.test(path)) excluded = !g.negate;
    }
    return excluded;
  };
}

function compile(line: string): Glob | null {
  let s = line.trim();
  let negate = false;
  if (s.startsWith('!')) {
    negate = true;
    s = s.slice(1);
  } else if (s.startsWith('\\!') || s.startsWith('\\#')) s = s.slice(1);
  const folderOnly = s.endsWith('/');
  if (folderOnly) s = s.replace(/\/+$/, '');
  if (!s) return null;
  const anchored = s.includes('/');
  s = s.replace(/^\/+/, '');
  const body = globBody(s);
  return { re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), negate, folderOnly };
}

/** The regular expression of a glob's text (no anchors). */
function globBody(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '*') {
      if (s[i + 1] === '*') {
        const slashAfter = s[i + 2] === '/';
        const atStart = i === 0 || s[i - 1] === '/';
        if (atStart && slashAfter) {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = s.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let cls = s.slice(i + 1, end);
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < s.length) {
      out += s[i + 1].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 1;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}
