// Result<T>: a value or a coded error, at every fallible boundary (see STYLE.md §5).
// Exceptions stay inside the adapters that call throwing libraries.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace courtois {

enum class Errc {
  bad_input,     // the input is malformed beyond what can be analysed
  too_large,     // a size, depth or count limit was exceeded
  not_found,     // a file, route or record does not exist
  io,            // reading or writing failed
  rule,          // a rule file is invalid
  plugin,        // a plugin could not be loaded or configured
  unsupported,   // a feature or format that is not handled
  unauthorized,  // missing or wrong credentials
  internal,      // a bug: should never reach a user
};

std::string_view errc_name(Errc code);

struct Error {
  Errc code = Errc::internal;
  std::string message;

  std::string to_string() const { return std::string(errc_name(code)) + ": " + message; }
};

inline Error make_error(Errc code, std::string message) {
  return Error{code, std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace courtois
