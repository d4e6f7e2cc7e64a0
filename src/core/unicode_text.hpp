// Unicode facts the account rules need (UTF-8 decoding, normalisation, character classes), backed by utf8proc
// so that callers never see its types.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace menshen {

// The code points of well-formed UTF-8; nullopt for overlong forms, surrogates, truncation or bytes > U+10FFFF.
std::optional<std::u32string> DecodeUtf8(std::string_view text);

// NFKC then case fold (so "ＡＤＭＩＮ", "Admin" and "admin" agree); nullopt when `text` is not UTF-8.
std::optional<std::string> FoldCompatible(std::string_view text);

// NFC, case kept: the form to show; nullopt when `text` is not UTF-8.
std::optional<std::string> ComposeCanonical(std::string_view text);

bool IsLetter(char32_t c);         // L*
bool IsDecimalDigit(char32_t c);   // Nd, of any script
bool IsCombiningMark(char32_t c);  // Mn, Mc: vowel signs and accents that scripts need
bool IsWhitespace(char32_t c);     // Zs, Zl, Zp and the ASCII/Unicode White_Space controls
bool IsControl(char32_t c);        // Cc
// Bidi embeddings, overrides, isolates and marks (U+061C, U+200E/F, U+202A..U+202E, U+2066..U+2069).
bool IsBidiControl(char32_t c);
// Default_Ignorable_Code_Point: renders as nothing (zero-width space, soft hyphen, BOM, fillers, tags...).
bool IsDefaultIgnorable(char32_t c);
// Unassigned, private use or surrogate: meaning unknown or not portable.
bool IsUnassignedOrPrivate(char32_t c);
// Cf: format characters, most of them invisible.
bool IsFormat(char32_t c);

}  // namespace menshen
