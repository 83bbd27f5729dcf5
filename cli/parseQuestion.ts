/**
 * Reads a question in plain words ("is native 2.9.1 safe yet?", "is the v2.9
 * dylib still necessary at 8 threads?") into what `roundbook ask` should
 * compute. Unknown words are ignored; a question it cannot place says so.
 */
export interface Question {
  kind: 'safe' | 'necessary' | 'unknown';
  fix: string | null;
  torch: string | null;
  threads: number | null;
  wrapper: 'retry' | 'none' | null;
}

export function parseQuestion(text: string): Question {
  const q = text.toLowerCase();
  const kind: Question['kind'] =
    /\b(necessary|needed|need|still required|required|counterproductive|worth)\b/.test(q)
      ? 'necessary'
      : /\b(safe|stable|crash|crashes|thread-safe|fixed|ready)\b/.test(q)
        ? 'safe'
        : 'unknown';
  let fix: string | null = null;
  const dylib =
    q.match(/\bv(\d+(?:\.\d+)?)(?![.\d])(?:[\s_-]*(nr))?\b/) ?? q.match(/libagx_fix_v(\d+)_(\d+)/);
  if (/\b(native|no dylib|without (?:the )?dylib|stock|vanilla)\b/.test(q)) fix = 'native';
  else if (dylib) {
    const version = dylib[0].startsWith('libagx') ? `${dylib[1]}.${dylib[2]}` : dylib[1];
    fix = `v${version}${dylib[2] === 'nr' ? '_nr' : ''}`;
  }
  // A PyTorch version has three parts (2.9.1); a dylib version has two (v2.9).
  const torch = q.match(/\bv?(\d+\.\d+\.\d+(?:a\d+)?(?:\+git[0-9a-f]+)?)(?![.\d])/)?.[1] ?? null;
  const threads = q.match(/\b(\d+)\s*(?:-?\s*threads?\b|t\b)/)?.[1];
  const wrapper = /\b(no|without)\s+(?:the\s+)?(?:wrapper|retr(?:y|ies))\b/.test(q)
    ? 'none'
    : /\b(with\s+(?:the\s+)?(?:wrapper|retr(?:y|ies)))\b/.test(q)
      ? 'retry'
      : null;
  return { kind, fix, torch, threads: threads ? Number(threads) : null, wrapper };
}
