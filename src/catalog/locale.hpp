// Which language a response message is written in.
#pragma once

#include <optional>
#include <string_view>

namespace menshen::catalog {

enum class Locale { kZhCn, kEn };

// A BCP 47 tag from configuration: "zh", "zh-CN", "zh-Hans" -> kZhCn; "en", "en-US" -> kEn; else nullopt.
std::optional<Locale> ParseLocale(std::string_view tag);

// An Accept-Language header: the supported language with the highest q-value wins (the first on a tie);
// q=0 excludes a language; nothing supported (or "*" alone) -> fallback.
Locale ParseAcceptLanguage(std::string_view header, Locale fallback);

}  // namespace menshen::catalog
