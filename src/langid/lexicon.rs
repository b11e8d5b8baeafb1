//! Function-word evidence.
//!
//! Short lines in Kyrgyz or Kazakh written without their special letters
//! look like Russian to lid.176, and short English lines like French. The
//! commonest function words of a language (conjunctions, postpositions,
//! pronouns, particles, the copula) are few, frequent and rarely shared with
//! the neighbours they are confused with, so each one seen is evidence for
//! the languages that use it. The lists are the textbook core of each
//! language, written out by hand.

use std::collections::HashMap;

/// Space-separated function words per language (lowercase).
const WORDS: &[(&str, &str)] = &[
    (
        "kk",
        "және мен бен пен да де та те бұл осы сол ол олар біз сіз сен бір екі үш деп деген деді еді \
            емес бар жоқ үшін туралы бойынша сияқты керек болып болды болады қазір енді тағы ғана әр \
            барлық кейін дейін арқылы бірақ немесе ма ме ба бе па пе ғой не кім қалай неге оның олардың \
            менің сенің біздің сондай мұндай осындай жылы жыл күні",
    ),
    (
        "ky",
        "жана менен үчүн бул ошол ал алар биз силер сиз сен мен бир эки үч деп деген деди эле эмес бар \
            жок жөнүндө боюнча сыяктуу керек болуп болду болот азыр дагы гана ар бардык кийин чейин \
            аркылуу бирок же да эмне ким кантип эмнеге менин сенин анын биздин алардын мындай ушундай \
            жылы жыл күнү",
    ),
    (
        "tt",
        "һәм белән бу шул ул алар без сез син мин бер ике өч дип диде иде түгел бар юк өчен турында \
            буенча кебек кирәк булып булды була хәзер тагын гына һәр барлык соң кадәр аша ләкин яки да \
            дә нәрсә кем ничек аның аларның минем синең безнең елны ел көне",
    ),
    (
        "ba",
        "һәм менән был шул ул улар беҙ һеҙ һин мин бер ике өс тип тине ине түгел бар юҡ өсөн тураһында \
            буйынса кеүек кәрәк булып булды була хәҙер тағы ғына һәр бөтә һуң тиклем аша ләкин йәки ҙа \
            ҙә нимә кем нисек уның минең һинең беҙҙең йыл",
    ),
    (
        "ru",
        "и в во не на что с со как но он она они оно мы вы я ты его её ее их к ко по за из от до у же \
            бы ли это этот эта эти так все всё был была было были быть есть для при о об уже или если \
            только когда где там тут ещё еще чтобы который которая которые также может более нет очень \
            без через после над под между себя свой своей сказал году",
    ),
    (
        "uk",
        "і й та в у на з із зі не що як це до за від для по але він вона вони ми ви я ти його її їх \
            був була було були бути є при про або чи ще вже коли де щоб тому також може більш між через \
            після над під себе свій своєї цей ця ці так все всі дуже року",
    ),
    (
        "be",
        "і й ў у на з не што як гэта да за ад для па але ён яна яны мы вы я ты яго яе іх быў была \
            было былі ёсць пры пра або ці яшчэ ўжо калі дзе каб таму таксама можа вельмі года",
    ),
    (
        "bg",
        "и в на не че да се с за от по как но той тя те ние вие аз ти го я ги беше са е съм който \
            която които това този тази тези при към след още много година",
    ),
    (
        "mn",
        "ба болон нь юм энэ тэр бид та би байна байсан байгаа гэж гэсэн гэв юу хэн хаана яаж ч л бол \
            нэг хоёр гурав үед тул маш их оны",
    ),
    (
        "en",
        "the of and to a in is that for it was on with as be by at this are from or an have has not \
            but which were he she they we you i his her their will would can been had there what who \
            its said than more also",
    ),
    (
        "de",
        "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an \
            werden aus er hat dass sie nach wird bei einer um sind noch wie einem über zum war \
            haben nur oder aber vor zur bis mehr durch",
    ),
    (
        "tr",
        "ve bir bu da de için ile olarak çok daha gibi en ne kadar sonra ama ya veya olan olduğu değil \
            var yok her şey ben sen biz siz onlar mi mı mu mü ise göre yıl",
    ),
    (
        "uz",
        "va bu bilan uchun ham bir esa emas edi deb yoki lekin keyin boʻlgan qilib haqida tomonidan \
            yil shu u biz siz men sen ular bo'lgan ushbu yilda",
    ),
    (
        "az",
        "və bu bir ilə üçün də da olan olaraq çox daha kimi sonra amma ya deyil var yox hər il",
    ),
    (
        "fr",
        "le la les de des du un une et est en que qui dans pour pas sur au aux ce il elle ne se par \
            plus avec son sa ses sont été être",
    ),
    (
        "es",
        "el la los las de del y en que un una es por con para no se su al lo como más pero sus le ya \
            este fue ha",
    ),
    (
        "it",
        "il lo la i gli le di del della dei e è che un una per non in con si da al alla come più ma \
            sono",
    ),
    (
        "pt",
        "o a os as de do da dos das e é que um uma em no na para com não se por mais como mas foi ao",
    ),
];

/// Words longer than this are never function words and are not looked up.
const MAX_WORD_BYTES: usize = 24;

/// Function word → bit set of `WORDS` rows that list it.
pub(crate) struct Lexicon {
    words: HashMap<String, u32>,
}

impl Lexicon {
    pub fn new() -> Self {
        let mut words: HashMap<String, u32> = HashMap::new();
        for (i, (_, list)) in WORDS.iter().enumerate() {
            for w in list.split_whitespace() {
                *words.entry(w.to_string()).or_default() |= 1 << i;
            }
        }
        Lexicon { words }
    }

    /// Languages with a word list, in row order (bit i of a hit set).
    pub fn languages() -> impl Iterator<Item = &'static str> {
        WORDS.iter().map(|w| w.0)
    }

    /// Function-word hits per language row in `text`.
    pub fn hits(&self, text: &str) -> [u16; WORDS.len()] {
        let mut hits = [0u16; WORDS.len()];
        let mut word = String::with_capacity(MAX_WORD_BYTES);
        let mut too_long = false;
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_alphabetic() || (matches!(c, '\'' | 'ʻ' | '’') && !word.is_empty()) {
                if word.len() + c.len_utf8() > MAX_WORD_BYTES {
                    too_long = true;
                } else {
                    word.extend(c.to_lowercase());
                }
                continue;
            }
            if !word.is_empty() && !too_long {
                if let Some(&mask) = self.words.get(word.as_str()) {
                    for (i, h) in hits.iter_mut().enumerate() {
                        *h += ((mask >> i) & 1) as u16;
                    }
                }
            }
            word.clear();
            too_long = false;
        }
        hits
    }
}
