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
use std::hash::BuildHasherDefault;

use crate::chars::Fnv;

/// Space-separated function words per language (lowercase).
#[rustfmt::skip]
const WORDS: &[(&str, &str)] = &[
    ("kk", "және мен бен пен да де та те бұл осы сол ол олар біз сіз сен бір екі үш деп деген деді \
            еді емес бар жоқ үшін туралы бойынша сияқты керек болып болды болады қазір енді тағы \
            ғана әр барлық кейін дейін арқылы бірақ немесе ма ме ба бе па пе ғой не кім қалай неге \
            оның олардың менің сенің біздің сондай мұндай осындай жылы жыл күні қарай тарапынан \
            ішінде халықаралық"),
    ("ky", "жана менен үчүн бул ошол ал алар биз силер сиз сен мен бир эки үч деп деген деди эле \
            эмес бар жок жөнүндө боюнча сыяктуу керек болуп болду болот азыр дагы гана ар бардык \
            кийин чейин аркылуу бирок же да эмне ким кантип эмнеге менин сенин анын биздин алардын \
            мындай ушундай жылы жыл күнү карата тарабынан ичинде аралык"),
    ("tt", "һәм белән бу шул ул алар без сез син мин бер ике өч дип диде иде түгел бар юк өчен \
            турында буенча кебек кирәк булып булды була хәзер тагын гына һәр барлык соң кадәр аша \
            ләкин яки да дә нәрсә кем ничек аның аларның минем синең безнең елны ел көне карата \
            тарафыннан эчендә"),
    ("ba", "һәм менән был шул ул улар беҙ һеҙ һин мин бер ике өс тип тине ине түгел бар юҡ өсөн \
            тураһында буйынса кеүек кәрәк булып булды була хәҙер тағы ғына һәр бөтә һуң тиклем \
            аша ләкин йәки ҙа ҙә нимә кем нисек уның минең һинең беҙҙең йыл"),
    ("ru", "и в во не на что с со как но он она они оно мы вы я ты его её ее их к ко по за из от \
            до у же бы ли это этот эта эти так все всё был была было были быть есть для при о об \
            уже или если только когда где там тут ещё еще чтобы который которая которые также \
            может более нет очень без через после над под между себя свой своей сказал году"),
    ("uk", "і й та в у на з із зі не що як це до за від для по але він вона вони ми ви я ти його \
            її їх був була було були бути є при про або чи ще вже коли де щоб тому також може \
            більш між через після над під себе свій своєї цей ця ці так все всі дуже року"),
    ("be", "і й ў у на з не што як гэта да за ад для па але ён яна яны мы вы я ты яго яе іх быў \
            была было былі ёсць пры пра або ці яшчэ ўжо калі дзе каб таму таксама можа вельмі \
            года"),
    ("bg", "и в на не че да се с за от по как но той тя те ние вие аз ти го я ги беше са е съм \
            който която които това този тази тези при към след още много година"),
    ("mk", "и на во не се да од со за што е ја го ги тоа ова тој таа тие јас ти ние вие беше има \
            кој која кое кои но или ако кога каде само исто уште"),
    ("sr", "и у на је да се за од са не што као из до по али о који која које то ово он она они \
            ја ти ми ви био била било били има нема још само када где"),
    ("mn", "ба болон нь юм энэ тэр бид та би байна байсан байгаа гэж гэсэн гэв юу хэн хаана яаж \
            ч л бол нэг хоёр гурав үед тул маш их оны"),
    ("en", "the of and to a in is that for it was on with as be by at this are from or an have \
            has not but which were he she they we you i his her their will would can been had \
            there what who its said than more also me my us our your do did does if so no all \
            just am pm"),
    ("de", "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch \
            es an werden aus er hat dass sie nach wird bei einer um sind noch wie einem über zum \
            war haben nur oder aber vor zur bis mehr durch so am ich du wir ihr"),
    ("nl", "de het een en van in is dat op te zijn met voor niet aan er om ook als bij maar uit \
            door wordt naar dan of was nog wel geen al hij ze we ik je u deze dit die"),
    ("tr", "ve bir bu da de için ile olarak çok daha gibi en ne kadar sonra ama ya veya olan \
            olduğu değil var yok her şey ben sen biz siz onlar mi mı mu mü ise göre yıl o ki \
            evet hayır şu bana beni sana seni onu ona bunu buna şimdi hiç bile diye çünkü fakat \
            ancak hem yani"),
    ("uz", "va bu bilan uchun ham bir esa emas edi deb yoki lekin keyin boʻlgan bo'lgan qilib \
            haqida tomonidan yil yilda shu u biz siz men sen ular ushbu ammo yana kerak bor \
            yoʻq yo'q har hech"),
    ("az", "və bu bir ilə üçün də da olan olaraq çox daha kimi sonra amma ya deyil var yox hər il"),
    ("fr", "le la les de des du un une et est en que qui dans pour pas sur au aux ce il elle ne \
            se par plus avec son sa ses sont été être"),
    ("es", "el la los las de del y en que un una es por con para no se su al lo como más pero \
            sus le ya este fue ha"),
    ("it", "il lo la i gli le di del della dei e è che un una per non in con si da al alla come \
            più ma sono"),
    ("pt", "o a os as de do da dos das e é que um uma em no na para com não se por mais como \
            mas foi ao"),
];

/// Words longer than this are never function words and are not looked up.
const MAX_WORD_BYTES: usize = 24;

/// Function word → bit set of `WORDS` rows that list it.
pub(crate) struct Lexicon {
    words: HashMap<Vec<u8>, u32, BuildHasherDefault<Fnv>>,
}

impl Lexicon {
    pub fn new() -> Self {
        let mut words: HashMap<Vec<u8>, u32, BuildHasherDefault<Fnv>> = HashMap::default();
        for (i, (_, list)) in WORDS.iter().enumerate() {
            for w in list.split_whitespace() {
                *words.entry(w.as_bytes().to_vec()).or_default() |= 1 << i;
            }
        }
        Lexicon { words }
    }

    /// Languages with a word list, in row order (bit i of a hit set).
    pub fn languages() -> impl Iterator<Item = &'static str> {
        WORDS.iter().map(|w| w.0)
    }

    /// Bit set of the rows that list `word` (lowercase bytes).
    pub fn lookup(&self, word: &[u8]) -> u32 {
        self.words.get(word).copied().unwrap_or(0)
    }
}

/// Number of word lists (rows of a hit count array).
pub(crate) const ROWS: usize = WORDS.len();

/// Collects the lowercase bytes of one word at a time and counts hits.
pub(crate) struct WordHits {
    word: [u8; MAX_WORD_BYTES],
    len: usize,
    too_long: bool,
    pub hits: [u16; ROWS],
}

impl WordHits {
    pub fn new() -> Self {
        WordHits {
            word: [0; MAX_WORD_BYTES],
            len: 0,
            too_long: false,
            hits: [0; ROWS],
        }
    }

    /// Adds a character of the current word; apostrophes only inside one.
    pub fn push(&mut self, lower: char) {
        if self.len + lower.len_utf8() > MAX_WORD_BYTES {
            self.too_long = true;
        } else {
            self.len += lower.encode_utf8(&mut self.word[self.len..]).len();
        }
    }

    pub fn in_word(&self) -> bool {
        self.len > 0 || self.too_long
    }

    /// Ends the current word, counting it if it is listed.
    pub fn end(&mut self, lexicon: &Lexicon) {
        if self.len > 0 && !self.too_long {
            let mask = lexicon.lookup(&self.word[..self.len]);
            for (i, h) in self.hits.iter_mut().enumerate() {
                *h += ((mask >> i) & 1) as u16;
            }
        }
        self.len = 0;
        self.too_long = false;
    }
}
