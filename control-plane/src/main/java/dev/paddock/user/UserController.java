package dev.paddock.user;

import dev.paddock.web.RequestValidator;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The platform's users: the admin creates and deletes them; owners add them to tenants. */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

  private final Users users;
  private final RequestValidator validator;

  UserController(Users users, RequestValidator validator) {
    this.users = users;
    this.validator = validator;
  }

  /**
   * @param admin whether the user has the platform admin's rights; false when left out
   */
  record CreateUser(@NotNull String name, @NotNull String password, Boolean admin) {}

  record UserView(String name, boolean admin, Instant createdAt) {
    static UserView of(User user) {
      return new UserView(user.name(), user.admin(), user.createdAt());
    }
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  UserView create(@RequestBody(required = false) CreateUser request) {
    validator.check(request);
    return UserView.of(
        users.create(request.name(), request.password(), Boolean.TRUE.equals(request.admin())));
  }

  @GetMapping
  List<UserView> list() {
    return users.list().stream().map(UserView::of).toList();
  }

  /** Deletes the user; their sessions stop working at their next request. */
  @DeleteMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable String name) {
    users.delete(name);
  }
}
