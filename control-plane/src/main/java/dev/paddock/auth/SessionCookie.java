package dev.paddock.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.stereotype.Component;

/**
 * The dashboard's session cookie: {@code PADDOCK_SESSION} over plain HTTP (the control plane's own
 * loopback address), and {@code __Host-PADDOCK_SESSION}, {@code Secure}, for requests that came
 * over TLS (the console host at the edge), which a sibling host can neither set nor read. HttpOnly
 * and SameSite=Lax either way.
 */
@Component
class SessionCookie implements CookieSerializer {

  static final String NAME = "PADDOCK_SESSION";

  private final DefaultCookieSerializer plain = serializer(NAME, false);
  private final DefaultCookieSerializer secure = serializer("__Host-" + NAME, true);

  @Override
  public void writeCookieValue(CookieValue value) {
    of(value.getRequest()).writeCookieValue(value);
  }

  @Override
  public List<String> readCookieValues(HttpServletRequest request) {
    return of(request).readCookieValues(request);
  }

  private DefaultCookieSerializer of(HttpServletRequest request) {
    return request.isSecure() ? secure : plain;
  }

  private static DefaultCookieSerializer serializer(String name, boolean secure) {
    DefaultCookieSerializer serializer = new DefaultCookieSerializer();
    serializer.setCookieName(name);
    serializer.setUseHttpOnlyCookie(true);
    serializer.setSameSite("Lax");
    serializer.setCookiePath("/");
    serializer.setUseSecureCookie(secure);
    // The session id as the cookie's value, as Boot's own serializer sends it.
    serializer.setUseBase64Encoding(true);
    return serializer;
  }
}
