use sverka::{Lang, lexicon::Lexicon, text::stem};
fn main() {
    let lex = Lexicon::builtin();
    for w in std::env::args().skip(1) {
        let st = stem(&w, Lang::Ru);
        println!(
            "{w} [{st}] -> {:?}",
            lex.translations(&st).collect::<Vec<_>>()
        );
    }
}
