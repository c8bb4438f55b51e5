package dev.paddock.auth;

import java.util.Optional;

/** Who a signed-in user is now: their roles as the database holds them, or empty once removed. */
public interface CallerLookup {

  Optional<Caller> caller(long userId);
}
