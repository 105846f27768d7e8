//! The bundled corpus: Pavel Durov's "Digital Resistance" post (April 2018) in Russian and
//! English, and the English-only post that follows it on the page. See `corpus/README.md`.

/// The Russian half of "Digital Resistance": five paragraphs, one per line.
pub const DIGITAL_RESISTANCE_RU: &str = include_str!("../corpus/digital-resistance.ru.txt");

/// The English half of "Digital Resistance": five paragraphs, one per line.
pub const DIGITAL_RESISTANCE_EN: &str = include_str!("../corpus/digital-resistance.en.txt");

/// "200,000,000 Monthly Active Users" (March 2018), the English-only post after it on the page.
pub const TWO_HUNDRED_MILLION_EN: &str = include_str!("../corpus/200-million.en.txt");

/// The title the bundled post is stored under.
pub const DIGITAL_RESISTANCE_TITLE: &str = "Digital Resistance (Pavel Durov, April 2018)";
