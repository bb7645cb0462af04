#pragma once
// A value or an error: the subset of C++23 std::expected that the codecs need, one type for
// LDP (`ldp::Result<T>`) and OSPF (`ospf::DecodeResult<T>`, `EncodeResult<T>`). An error is
// built from `Unexpected{e}` or, where the value type cannot be mistaken for it, from the
// error itself.

#include <concepts>
#include <utility>
#include <variant>

namespace ldpsync::codec {

// Tag wrapper so that an error is never confused with a value.
template <class E>
struct Unexpected {
    E error;
};
template <class E>
Unexpected(E) -> Unexpected<E>;

template <class T, class E>
class [[nodiscard]] Expected {
public:
    using value_type = T;
    using error_type = E;

    Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}            // NOLINT: implicit by design
    Expected(Unexpected<E> e) : v_(std::in_place_index<1>, std::move(e.error)) {}  // NOLINT
    // Only where a T cannot be built from an E (LDP's Result<T> returns the error directly).
    Expected(E error)  // NOLINT
        requires(!std::convertible_to<E, T>)
        : v_(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const { return v_.index() == 0; }
    bool ok() const { return has_value(); }
    explicit operator bool() const { return has_value(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const E& error() const& { return std::get<1>(v_); }
    E&& error() && { return std::get<1>(std::move(v_)); }

private:
    std::variant<T, E> v_;
};

}  // namespace ldpsync::codec
