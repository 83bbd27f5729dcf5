/**
 * A reader that goes away early (`roundbook query … | head -1`) ends the
 * command quietly, as it ends a Unix tool killed by SIGPIPE, instead of with
 * an unhandled `write EPIPE` stack trace. Node ignores SIGPIPE, so the broken
 * pipe shows up as an EPIPE error on the stream; this maps it to the status a
 * shell shows for SIGPIPE.
 */
import { constants } from 'node:os';

/** 128 + SIGPIPE: the status of a writer whose reader closed the pipe. */
export const CLOSED_PIPE_STATUS = 128 + constants.signals.SIGPIPE;

/**
 * From now on, EPIPE on stdout or stderr exits the process at once with
 * {@link CLOSED_PIPE_STATUS} (141) and prints nothing; any other error on
 * them is thrown as before.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(CLOSED_PIPE_STATUS);
      throw err;
    });
}
