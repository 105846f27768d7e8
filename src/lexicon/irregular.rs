//! English irregular forms, which Snowball does not bring back to their base word
//! (`said` is not stemmed to `say`, `people` not to `person`).
//!
//! When a gloss holds a base word of this table, its irregular forms become translations
//! too, so `сказать` (say) matches `said` in an English sentence. British and American
//! spellings are tied the same way (`rouble`, `ruble`).

use std::sync::OnceLock;

use super::FastMap;

/// Base word, then its irregular forms, one group a line.
///
/// Left out on purpose: bases whose forms are common words of another meaning
/// (`wind`/`wound`, `grind`/`ground`, `bear`/`born`, `lie`/`lay`).
#[rustfmt::skip]
const TABLE: &str = "\
arise arose arisen
awake awoke awoken
be was were been am is are
beat beaten
become became
begin began begun
bend bent
bind bound
bite bit bitten
bleed bled
blow blew blown
break broke broken
breed bred
bring brought
build built
burn burnt
buy bought
catch caught
choose chose chosen
come came
creep crept
deal dealt
dig dug
do did done does
draw drew drawn
dream dreamt
drink drank drunk
drive drove driven
eat ate eaten
fall fell fallen
feed fed
feel felt
fight fought
find found
flee fled
fly flew flown flies
forbid forbade forbidden
forget forgot forgotten
forgive forgave forgiven
freeze froze frozen
get got gotten
give gave given
go went gone goes
grow grew grown
hang hung
have had has
hear heard
hide hid hidden
hold held
keep kept
kneel knelt
know knew known
lay laid
lead led
leap leapt
learn learnt
leave left
lend lent
lose lost
make made
mean meant
meet met
pay paid
ride rode ridden
ring rang rung
rise rose risen
run ran
say said says
see saw seen
seek sought
sell sold
send sent
shake shook shaken
shine shone
shoot shot
show shown
shrink shrank shrunk
sing sang sung
sink sank sunk
sit sat
sleep slept
slide slid
speak spoke spoken
speed sped
spend spent
spin spun
spring sprang sprung
stand stood
steal stole stolen
stick stuck
sting stung
strike struck
strive strove striven
swear swore sworn
sweep swept
swim swam swum
swing swung
take took taken
teach taught
tear tore torn
tell told
think thought
throw threw thrown
understand understood
undertake undertook undertaken
wake woke woken
wear wore worn
weep wept
win won
withdraw withdrew withdrawn
write wrote written
man men
woman women
child children
person people
foot feet
tooth teeth
mouse mice
goose geese
datum data
medium media
criterion criteria
phenomenon phenomena
analysis analyses
crisis crises
thesis theses
basis bases
life lives
wife wives
knife knives
leaf leaves
wolf wolves
half halves
shelf shelves
thief thieves
good better best
bad worse worst
little less least
far further farther furthest farthest
many more most
much more most
old elder eldest
";

/// British and American spellings of the same word, both ways (beyond the `-our`/`-or`
/// and `-tre`/`-ter` rules of [`spelling_variant`]).
#[rustfmt::skip]
const SPELLINGS: &[(&str, &str)] = &[
    ("rouble", "ruble"), ("defence", "defense"), ("offence", "offense"), ("licence", "license"),
    ("pretence", "pretense"), ("grey", "gray"), ("programme", "program"), ("tyre", "tire"),
    ("aluminium", "aluminum"), ("mould", "mold"), ("plough", "plow"), ("jewellery", "jewelry"),
    ("catalogue", "catalog"), ("dialogue", "dialog"), ("analyse", "analyze"),
    ("paralyse", "paralyze"), ("cheque", "check"), ("kerb", "curb"), ("sceptic", "skeptic"),
    ("manoeuvre", "maneuver"), ("pyjamas", "pajamas"), ("storey", "story"),
];

/// The irregular forms of an English base word (lowercase): `say` → `said`, `says`;
/// `person` → `people`. Empty for other words.
pub(crate) fn irregular_forms(word: &str) -> &'static [&'static str] {
    static MAP: OnceLock<FastMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        TABLE
            .lines()
            .filter_map(|line| {
                let mut words = line.split(' ');
                Some((words.next()?, words.collect()))
            })
            .collect()
    });
    map.get(word).map_or(&[], Vec::as_slice)
}

/// The other common spelling of an English word, if it has one: `colour` → `color`,
/// `centre` → `center`, `rouble` ↔ `ruble`.
pub(crate) fn spelling_variant(word: &str) -> Option<String> {
    static MAP: OnceLock<FastMap<&'static str, &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        SPELLINGS
            .iter()
            .flat_map(|&(a, b)| [(a, b), (b, a)])
            .collect()
    });
    if let Some(other) = map.get(word) {
        return Some(other.to_string());
    }
    const NOT_OUR: &[&str] = &["detour", "devour", "contour", "troubadour"];
    if word.len() >= 6
        && !NOT_OUR.contains(&word)
        && let Some(base) = word.strip_suffix("our")
    {
        return Some(format!("{base}or"));
    }
    if word.len() >= 5
        && let Some(base) = word
            .strip_suffix("tre")
            .or_else(|| word.strip_suffix("bre"))
    {
        let consonant = &word[word.len() - 3..word.len() - 2];
        return Some(format!("{base}{consonant}er"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_base_words() {
        assert_eq!(irregular_forms("say"), ["said", "says"]);
        assert_eq!(irregular_forms("person"), ["people"]);
        assert!(irregular_forms("said").is_empty());
        assert!(irregular_forms("market").is_empty());
    }

    #[test]
    fn spellings() {
        assert_eq!(spelling_variant("colour").as_deref(), Some("color"));
        assert_eq!(spelling_variant("centre").as_deref(), Some("center"));
        assert_eq!(spelling_variant("fibre").as_deref(), Some("fiber"));
        assert_eq!(spelling_variant("ruble").as_deref(), Some("rouble"));
        assert_eq!(spelling_variant("defence").as_deref(), Some("defense"));
        assert_eq!(spelling_variant("hour"), None);
        assert_eq!(spelling_variant("contour"), None);
        assert_eq!(spelling_variant("market"), None);
    }

    #[test]
    fn table_is_well_formed() {
        for line in TABLE.lines() {
            let words: Vec<&str> = line.split(' ').collect();
            assert!(words.len() >= 2, "{line:?}");
            assert!(
                words
                    .iter()
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
                "{line:?}"
            );
        }
    }
}
