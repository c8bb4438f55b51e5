package dev.paddock.release;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;

/** An upload sent as something other than the jar itself, such as a multipart form. */
class UploadFormatException extends ApiException {

  static final String HINT =
      "Send the jar itself as the request body: curl --data-binary @app.jar -H 'Content-Type: application/java-archive' …/releases";

  UploadFormatException(String what) {
    super(ProblemType.UPLOAD_FORMAT, "%s. %s".formatted(what, HINT));
  }
}
