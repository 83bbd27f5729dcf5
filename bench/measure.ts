/** Timing and memory helpers shared by the benchmarks. */

export interface Measured<T> {
  value: T;
  seconds: number;
  peakRssMb: number;
}

/** Runs `fn`, sampling the process's resident memory every 25 ms (worker threads included). */
export async function measure<T>(fn: () => Promise<T> | T): Promise<Measured<T>> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const start = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - start) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, seconds, peakRssMb: peak / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

export interface BenchLine {
  name: string;
  figure: string;
  baseline?: string;
  ratio?: number;
  target?: string;
  pass?: boolean;
}

export function printLines(title: string, lines: BenchLine[]): void {
  process.stdout.write(`\n## ${title}\n`);
  for (const l of lines) {
    const ratio = l.ratio !== undefined ? `  ratio ${l.ratio.toFixed(2)}×` : '';
    const base = l.baseline ? `  baseline ${l.baseline}` : '';
    const target = l.target ? `  target ${l.target}: ${l.pass ? 'MET' : 'NOT MET'}` : '';
    process.stdout.write(`- ${l.name}: ${l.figure}${base}${ratio}${target}\n`);
  }
}
