package dev.paddock.handler;

import java.io.OutputStream;

/**
 * Writes a streamed response body as it is made, for {@link Response#streaming}.
 *
 * <p>The sandbox sends the body chunked: what was written goes to the client at each {@code
 * flush()} (and whenever 8 KiB are waiting), and the body ends when this method returns. A write
 * throws {@link java.io.IOException} once the client has gone away or the sandbox has ended the
 * stream at the end of its drain; a handler waiting between writes is interrupted then. An
 * exception thrown here cuts the response short, so the client sees it incomplete.
 */
@FunctionalInterface
public interface BodyWriter {

  /** Writes the body to {@code body}; the stream is closed by the sandbox afterwards. */
  void writeTo(OutputStream body) throws Exception;
}
