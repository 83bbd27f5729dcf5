/** The `--link-base URL` option of `report` and `build`, checked before anything runs. */
import { isLinkBase } from '../reports/citedSource.ts';
import { CliError } from './args.ts';

/** `--link-base URL`, checked: an http(s) URL, or undefined when not given. */
export function linkBaseOption(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!isLinkBase(value))
    throw new CliError(
      `--link-base: expected an http(s) URL such as https://github.com/ORG/REPO/blob/COMMIT, got ${JSON.stringify(value)}`,
    );
  return value;
}
