/** Whether a stream gets ANSI colour: the one rule of the run's progress line and the CLI's own lines. */

/**
 * Whether to colour a stream: a terminal, NO_COLOR unset (any value disables, https://no-color.org), and the
 * terminal has colours (Node's `hasColors`, which reads TERM and FORCE_COLOR).
 */
export function colourFor(
  stream: Pick<NodeJS.WriteStream, 'isTTY'> & { hasColors?: () => boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (!stream.isTTY || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  return typeof stream.hasColors === 'function' ? stream.hasColors() : true;
}
