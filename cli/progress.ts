/**
 * Progress for long work: a bar on a terminal (cli-progress), a plain line
 * every few seconds otherwise, nothing for short runs.
 */
import cliProgress from 'cli-progress';
import { terminalText } from './terminalText.ts';

export interface ProgressReporter {
  update: (done: number, total: number, label: string) => void;
  stop: () => void;
}

export function progressReporter(
  title: string,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  const started = Date.now();
  let stopped = false;
  return {
    update(done, total, label) {
      if (stopped) return;
      if (stream.isTTY) {
        if (!bar) {
          if (total < 50) return;
          bar = new cliProgress.SingleBar(
            {
              format: `${title} [{bar}] {value}/{total} files | {eta_formatted} left | {file}`,
              stream,
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0, { file: '' });
        }
        const file = terminalText(label);
        bar.update(done, { file: file.length > 40 ? `…${file.slice(-39)}` : file });
      } else if (Date.now() - lastLine > 5000 && Date.now() - started > 2000) {
        lastLine = Date.now();
        stream.write(`${title}: ${done}/${total} files\n`);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar?.stop();
    },
  };
}
