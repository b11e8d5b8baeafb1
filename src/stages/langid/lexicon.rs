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

use crate::base::chars::Fnv;

/// Space-separated function words per language (lowercase).
#[rustfmt::skip]
const WORDS: &[(&str, &str)] = &[
    ("kk", "екен немене иә әлі тек өте міне маған саған оған мұнда онда сонда қашан қайда неше бәрі және мен бен пен да де та те бұл осы сол ол олар біз сіз сен бір екі үш деп деген деді \
            еді емес бар жоқ үшін туралы бойынша сияқты керек болып болды болады қазір енді тағы \
            ғана әр барлық кейін дейін арқылы бірақ немесе ма ме ба бе па пе ғой не кім қалай неге \
            оның олардың менің сенің біздің сондай мұндай осындай жылы жыл күні қарай тарапынан \
            ішінде халықаралық"),
    ("ky", "экен эч болсо болгон качан кайда кандай мага сага абдан өтө дейт элек жана менен үчүн бул ошол ал алар биз силер сиз сен мен бир эки үч деп деген деди эле \
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
    ("ru", "меня мне тебя тебе кто почему сейчас здесь нужно можно будет хотя лишь даже пока ведь вот тоже чем этого этом всего него и в во не на что с со как но он она они оно мы вы я ты его её ее их к ко по за из от \
            до у же бы ли это этот эта эти так все всё был была было были быть есть для при о об \
            уже или если только когда где там тут ещё еще чтобы который которая которые также \
            может более нет очень без через после над под между себя свой своей сказал году \
            теперь тогда сегодня всегда никогда ничего никто чего куда откуда зачем сколько \
            потому поэтому хорошо спасибо пожалуйста ладно тот такой такая такое такие какой \
            какая какое какие этой этих этим ней неё нее нему мой твой свои всех всем снова \
            опять вчера надо среди около против вместе"),
    ("uk", "якщо який яка яке які чому хто нема немає буде треба можна щось поки бо ось тобто лише навіть адже отже проте хоча зараз теж мені тобі тебе мене і й та в у на з із зі не що як це до за від для по але він вона вони ми ви я ти його \
            її їх був була було були бути є при про або чи ще вже коли де щоб тому також може \
            більш між через після над під себе свій своєї цей ця ці так все всі дуже року \
            ні тепер тоді тільки саме такий така таке такі цього цьому цим цих цю своє свої \
            мій моє мої нього неї мабуть ніж хіба нехай хай досі завжди ніколи нічого ніхто \
            чого куди звідки навіщо скільки усе усі всього має мають маю будуть можу знову \
            сьогодні вчора щодо серед біля крізь дякую привіт добре гаразд"),
    ("be", "і й ў у на з не што як гэта да за ад для па але ён яна яны мы вы я ты яго яе іх быў \
            была было былі ёсць пры пра або ці яшчэ ўжо калі дзе каб таму таксама можа вельмі \
            года"),
    ("bg", "и в на не че да се с за от по как но той тя те ние вие аз ти го я ги беше са е съм \
            който която които това този тази тези при към след още много година мой твой \
            около против"),
    ("mk", "и на во не се да од со за што е ја го ги тоа ова тој таа тие јас ти ние вие беше има \
            кој која кое кои но или ако кога каде само исто уште против"),
    ("sr", "и у на је да се за од са не што као из до по али о који која које то ово он она они \
            ја ти ми ви био била било били има нема још само када где против"),
    ("ug", "ۋە بىلەن ئۈچۈن بۇ ئۇ ئۇلار بىز سىز مەن سەن بىر ئىككى ئۈچ دەپ ئىدى ئەمەس بار يوق كېرەك \
            ھەم ياكى لېكىن ھەققىدە بويىچە كېيىن قىلىپ بولۇپ بولدى بولىدۇ يىلى ئۆز شۇ مۇشۇ ھەر پەقەت \
            ئارقىلىق دېگەن دېدى نۇرغۇن يېڭى ئەڭ تېخى"),
    ("mn", "ба болон нь юм энэ тэр бид та би байна байсан байгаа гэж гэсэн гэв юу хэн хаана яаж \
            ч л бол нэг хоёр гурав үед тул маш их оны"),
    ("en", "hi hello thanks thank please dear yes okay sorry regards about how when where here out up any some very get go know the of and to a in is that for it was on with as be by at this are from or an have \
            has not but which were he she they we you i his her their will would can been had \
            there what who its said than more also me my us our your do did does if so no all \
            just am pm hey yeah fyi him them these those then into over only other such may \
            should could must might being because while before after each both through why \
            down again now too"),
    ("de", "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch \
            es an werden aus er hat dass sie nach wird bei einer um sind noch wie einem über zum \
            war haben nur oder aber vor zur bis mehr durch so am ich du wir ihr"),
    ("nl", "de het een en van in is dat op te zijn met voor niet aan er om ook als bij maar uit \
            door wordt naar dan of was nog wel geen al hij ze we ik je u deze dit die"),
    ("tr", "nasıl neden niye hangi nerede kim öyle böyle şöyle artık hep belki sadece bütün tüm kendi zaman ve bir bu da de için ile olarak çok daha gibi en ne kadar sonra ama ya veya olan \
            olduğu değil var yok her şey ben sen biz siz onlar mi mı mu mü ise göre yıl o ki \
            evet hayır şu bana beni sana seni onu ona bunu buna şimdi hiç bile diye çünkü fakat \
            ancak hem yani"),
    ("uz", "kim va bu bilan uchun ham bir esa emas edi deb yoki lekin keyin boʻlgan bo'lgan qilib \
            haqida tomonidan yil yilda shu u biz siz men sen ular ushbu ammo yana kerak bor \
            yoʻq yo'q har hech"),
    ("az", "kim və bu bir ilə üçün də da olan olaraq çox daha kimi sonra amma ya deyil var yox hər il"),
    ("fr", "le la les de des du un une et est en que qui dans pour pas sur au aux ce il elle ne \
            se par plus avec son sa ses sont été être"),
    ("es", "el la los las de del y en que un una es por con para no se su al lo como más pero \
            sus le ya este fue ha"),
    ("it", "il lo la i gli le di del della dei e è che un una per non in con si da al alla come \
            più ma sono"),
    ("pt", "o a os as de do da dos das e é que um uma em no na para com não se por mais como \
            mas foi ao"),
];

/// Kazakh function words and frequent news words whose Latin spellings
/// (`translit`: the acute, apostrophe, 2021 and ASCII alphabets) count for
/// Kazakh in Latin-script text. Left out are those whose Latin forms are
/// common words of Turkish, Azerbaijani or Uzbek ("бір" bir, "ол" ol, "деді"
/// dedi, "етті" etti, "сенің" senin, "тек" tek, "енді" endi, "олар" olar,
/// "бар" bar, "өз" öz, "себебі" sebebi, "көп" koʻp) or short words of other
/// languages ("да" da, "не" ne, "әлі" ali), which would count for Kazakh in
/// their texts.
#[rustfmt::skip]
const KAZAKH_FOR_LATIN: &str = "және мен бен пен бұл осы деп деген еді емес жоқ үшін туралы \
    бойынша сияқты керек болып болды болады болған қазір тағы ғана барлық кейін дейін арқылы \
    бірақ немесе оның олардың менің біздің сондай мұндай осындай жылы жыл күні қарай \
    тарапынан ішінде халықаралық екен маған оған мұнда қашан қайда екі үш қалай неге ғой жаңа \
    қатысты сондықтан биыл бүгін жөнінде кезінде ретінде яғни";

/// Kazakh function words and frequent news words in the Arabic script of
/// China and Mongolia (töte jazuw), with the front-vowel hamza written ء
/// (the scan reads the high hamza ٴ as ء). "مەن", "بار" and "دەپ" are
/// Uyghur words too and are in both lists.
#[rustfmt::skip]
const KAZAKH_ARABIC: &str = "جانە مەن بەن پەن بۇل وسى دەپ دەگەن ەدى ەمەس جوق ءۇشىن تۋرالى \
    بويىنشا سياقتى كەرەك بولىپ بولدى بولادى بولعان قازىر تاعى عانا بارلىق كەيىن دەيىن ارقىلى \
    نەمەسە ونىڭ ولاردىڭ ءبىزدىڭ سونداي مۇنداي وسىنداي جىلى جىل كۇنى قاراي ىشىندە ەكى ءۇش ءبىز \
    ءسىز ءبىر ول ولار ءار تەك بار رەتىندە كەزىندە جونىندە بۇگىن جاڭا ەل";

/// Frequent everyday and news words of Ukrainian that Russian does not
/// write, and of Russian that Ukrainian does not write. Short Ukrainian
/// lines often lack і, ї and є and share every function word with Russian
/// ("не", "на", "так"), so the function words alone cannot part the pair;
/// the commonest verbs, adverbs, pronoun forms and nouns that differ between
/// them can. Each list holds only forms absent from the other language (not
/// "знаю", "думаю", "хочу", written alike), and they count like function
/// words. Some Ukrainian forms are Belarusian or Bulgarian too ("бачу",
/// "мова", "каже"); those languages have their own letters (ў ы э ъ) to
/// stand on.
#[rustfmt::skip]
const DISTINCTIVE: &[(&str, &str)] = &[
    ("uk", "бачу бачив бачила бачили бачиш бачить бачимо каже кажу кажуть казав казала казали \
            робить роблю робив робила робили зробив зробила зробили зробити хочеш можеш можемо \
            можуть хочуть маємо будемо йде йдуть йти чекаю чекати отримав отримала отримали \
            отримати вважає вважають вважаю зазначив зазначила повідомив повідомила розповів \
            розповіла мусить мусимо прийшов пішов знайшов багато трохи швидко важко можливо \
            звичайно напевно поруч навколо нещодавно незабаром вдома додому туди сюди доки \
            наразі досить особливо майже зокрема згідно протягом завдяки попри понад зазвичай \
            однак якби аби наче хтось десь якось колись краще гарно гарний гарна гарне людина \
            людини дитина мова мови мову уряд уряду будинок вулиця тиждень тижня ранок думка \
            думку країна країни йому воно свого мого твого нашого вашого якого якому яких яким \
            жодного жоден кожен кожного кожний увесь самий чотири двадцять тридцять тисяч \
            перший другий"),
    ("ru", "вижу видел видела говорит говорил говорила знает знаешь хочешь можешь хотел хотела \
            делать сделать делает сделал сделала думал думала будем можем могут хотят пришёл \
            пошёл нашёл сказать знать получил получила считает считают отметил отметила сообщил \
            сообщила рассказал рассказала потом почти иногда конечно наверное много \
            немного больше меньше лучше хуже именно вообще совсем кажется будто разве нельзя \
            сразу сюда туда домой вокруг внутри несмотря благодаря согласно однако плохо \
            здравствуйте привет человек время жизнь дело деньги страна года лет ночь утро вечер \
            работа работы вопрос ему тобой мной собой нашего своего моего которого какого \
            каждый другой второй четыре двадцать тысяч"),
];

/// Frequent inflectional endings per language (lowercase), for lines too
/// short to hold a function word. Turkic words pile suffixes on the stem
/// (genitive -ның/-нын, past -ды/-ду, participle -ған/-ган, plural -лар);
/// Ukrainian and Russian differ in noun, adjective and verb endings (-ння
/// and -ою against -ние and -ое). Ukrainian hard adjectives end in -ий where
/// Russian writes -ый (новий, новый); Russian writes -ий only after к г х
/// and the hushing consonants, in soft adjectives (последний, средний) and
/// in genitive plurals (решений, линий), so -вий and -ний after ь в р ч с п
/// б з are Ukrainian. Endings common in both members of a
/// confused pair are listed for both, so they only separate Slavic from
/// Turkic. Only ends of words with at least `MIN_STEM` more letters count.
#[rustfmt::skip]
const SUFFIXES: &[(&str, &str)] = &[
    ("kk", "ның нің дың дің тың тің ған ген қан кен ды ді ті лар лер дар тар ғы гі қы кі \
            дағы дегі тағы тегі лық лік дық дік тық тік мыз міз сыз сіз атын етін йтын йтін \
            ады еді йды йді уға уге ты дан тан нан"),
    ("ky", "нын нин нун нүн дын дин дун дүн тын тин тун түн ган кан гон гөн кон көн ген кен \
            ду дү ту тү ды лар лер лор лөр дар дор дөр тар тор төр луу лүү дуу дүү туу түү \
            чу чү оо үү уу ты дан тан нан"),
    ("tt", "ның нең ган гән кан кән лар ләр нар нәр ды ты дан тан дән тән"),
    ("uk", "ння ття ськ ська ське цьк ьох ою ють ати ити ути ає ує ого ому ться ить \
            ать ять вся шся тися ього ьому емо лля ччя жжя ззя ав \
            вий ьний вний рний чний сний пний бний зний"),
    ("ru", "ое ая ую ие ия ии ет ют ого ому ться ить ать ять ство ость ский ская ское ских \
            ный ная ное ных тся лся шься ешь ишь его ил"),
];

/// Letters a word must keep besides a listed ending for the ending to count.
const MIN_STEM: usize = 3;
/// Longest listed ending, in characters and in bytes.
const MAX_SUFFIX_CHARS: usize = 4;
const MAX_SUFFIX_BYTES: usize = 8;

/// Words longer than this are never function words and are not looked up.
const MAX_WORD_BYTES: usize = 24;
/// Word buffer size: room to read 8 bytes from any position inside a word.
const PADDED: usize = MAX_WORD_BYTES + 8;

/// Function word → bit set of `WORDS` rows that list it.
pub(crate) struct Lexicon {
    words: ShortTable,
    /// Ending → bit set of `WORDS` rows whose `SUFFIXES` list it.
    suffixes: ShortTable,
    /// Bit set of the rows that have an ending list at all.
    suffix_rows: u32,
    /// Pairs of final Cyrillic letters that some ending ends with: half the words of a
    /// Kazakh or Russian text end otherwise and need no ending lookups.
    final_pairs: FinalPairs,
}

/// Code points U+0400–U+053F, the two-byte characters with lead bytes D0–D4.
const PAIR_BASE: u32 = 0x400;
const PAIR_SPAN: usize = 0x140;

/// A bit per pair of characters in `PAIR_BASE..PAIR_BASE + PAIR_SPAN`.
struct FinalPairs {
    bits: Vec<u64>,
}

impl FinalPairs {
    /// Bit index of the last two characters of `word` (UTF-8), when both are in range.
    fn index(word: &[u8]) -> Option<usize> {
        let [a, b, c, d] = *word.last_chunk::<4>()?;
        let code = |lead: u8, cont: u8| -> Option<usize> {
            let lead_ok = (0xD0..=0xD4).contains(&lead) && cont & 0xC0 == 0x80;
            let cp = (u32::from(lead & 0x1F) << 6) | u32::from(cont & 0x3F);
            lead_ok.then(|| (cp - PAIR_BASE) as usize)
        };
        Some(code(a, b)? * PAIR_SPAN + code(c, d)?)
    }

    fn new<'a>(endings: impl Iterator<Item = &'a [u8]>) -> FinalPairs {
        let mut bits = vec![0u64; PAIR_SPAN * PAIR_SPAN / 64];
        for i in endings.filter_map(FinalPairs::index) {
            bits[i / 64] |= 1 << (i % 64);
        }
        FinalPairs { bits }
    }

    /// False only when no ending can match: both final letters are in range and no ending
    /// ends with them.
    fn may_match(&self, word: &[u8]) -> bool {
        FinalPairs::index(word).is_none_or(|i| self.bits[i / 64] >> (i % 64) & 1 == 1)
    }
}

/// A byte string of at most `MAX_WORD_BYTES`, zero-padded into three machine words, so that
/// hashing and comparing it never walks bytes one by one: every word of every sentence is
/// looked up, most of them in vain.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
struct Key {
    words: [u64; 3],
    len: u8,
}

/// `bytes` zero-padded into a word buffer, if they fit in `MAX_WORD_BYTES`.
fn padded_buffer(bytes: &[u8]) -> Option<[u8; PADDED]> {
    let mut buf = [0u8; PADDED];
    if bytes.len() > MAX_WORD_BYTES {
        return None;
    }
    buf[..bytes.len()].copy_from_slice(bytes);
    Some(buf)
}

impl Key {
    fn new(bytes: &[u8]) -> Option<Key> {
        padded_buffer(bytes).map(|buf| Key::padded(&buf, bytes.len()))
    }

    /// The key of `buf[..len]`, where every byte of `buf` past `len` is zero.
    fn padded(buf: &[u8; PADDED], len: usize) -> Key {
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&buf[8 * i..8 * i + 8]);
            u64::from_le_bytes(w)
        };
        Key {
            words: [word(0), word(1), word(2)],
            len: len as u8,
        }
    }

    fn hash(&self) -> u64 {
        let [a, b, c] = self.words;
        let h = (a ^ u64::from(self.len)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ c.wrapping_mul(0x1656_67B1_9E37_79F9);
        h ^ (h >> 32)
    }
}

/// Open-addressing map from short byte strings to row bit sets; a zero bit set marks an empty
/// slot (every stored key lists at least one row).
struct ShortTable {
    slots: Vec<(Key, u32)>,
}

impl ShortTable {
    fn new(entries: &HashMap<Vec<u8>, u32, BuildHasherDefault<Fnv>>) -> ShortTable {
        let len = (2 * entries.len()).next_power_of_two().max(2);
        let mut slots = vec![(Key::default(), 0u32); len];
        for (bytes, &rows) in entries {
            let Some(key) = Key::new(bytes) else { continue };
            let mut i = key.hash() as usize & (len - 1);
            while slots[i].1 != 0 {
                i = (i + 1) & (len - 1);
            }
            slots[i] = (key, rows);
        }
        ShortTable { slots }
    }

    #[cfg(test)]
    fn get(&self, bytes: &[u8]) -> u32 {
        Key::new(bytes).map_or(0, |key| self.get_key(key))
    }

    fn get_key(&self, key: Key) -> u32 {
        let mask = self.slots.len() - 1;
        let mut i = key.hash() as usize & mask;
        loop {
            match self.slots.get(i) {
                Some(&(k, rows)) if rows != 0 && k != key => i = (i + 1) & mask,
                Some(&(_, rows)) if rows != 0 => return rows,
                _ => return 0,
            }
        }
    }
}

impl Lexicon {
    pub fn new() -> Self {
        let mut words: HashMap<Vec<u8>, u32, BuildHasherDefault<Fnv>> = HashMap::default();
        // Distinctive words count in their language's function-word row.
        for (lang, list) in WORDS.iter().chain(DISTINCTIVE) {
            let Some(i) = WORDS.iter().position(|w| w.0 == *lang) else {
                continue;
            };
            for w in list.split_whitespace() {
                *words.entry(w.as_bytes().to_vec()).or_default() |= 1 << i;
            }
        }
        if let Some(i) = WORDS.iter().position(|w| w.0 == "kk") {
            let latin = KAZAKH_FOR_LATIN
                .split_whitespace()
                .flat_map(crate::base::translit::kazakh_latin_variants);
            let arabic = KAZAKH_ARABIC.split_whitespace().map(String::from);
            for w in latin.chain(arabic) {
                *words.entry(w.into_bytes()).or_default() |= 1 << i;
            }
        }
        let mut suffixes: HashMap<Vec<u8>, u32, BuildHasherDefault<Fnv>> = HashMap::default();
        let mut suffix_rows = 0;
        for (lang, list) in SUFFIXES {
            let Some(i) = WORDS.iter().position(|w| w.0 == *lang) else {
                continue;
            };
            suffix_rows |= 1 << i;
            for w in list.split_whitespace() {
                *suffixes.entry(w.as_bytes().to_vec()).or_default() |= 1 << i;
            }
        }
        Lexicon {
            words: ShortTable::new(&words),
            final_pairs: FinalPairs::new(suffixes.keys().map(Vec::as_slice)),
            suffixes: ShortTable::new(&suffixes),
            suffix_rows,
        }
    }

    /// Whether word-list row `row` has an ending list.
    pub fn has_suffixes(&self, row: usize) -> bool {
        (self.suffix_rows >> row) & 1 == 1
    }

    /// Bit set of the rows listing any ending of `word` (lowercase bytes)
    /// that leaves at least `MIN_STEM` letters.
    #[cfg(test)]
    fn suffix_lookup(&self, word: &[u8]) -> u32 {
        padded_buffer(word).map_or(0, |buf| self.suffix_lookup_padded(&buf, word.len()))
    }

    /// `suffix_lookup` of `buf[..len]`, where every byte of `buf` past `len` is zero, so each
    /// ending is read as one machine word.
    fn suffix_lookup_padded(&self, buf: &[u8; PADDED], len: usize) -> u32 {
        let word = &buf[..len.min(MAX_WORD_BYTES)];
        // Every listed ending is Cyrillic, so ASCII words need no lookups.
        if word.last().is_none_or(|b| b.is_ascii()) || !self.final_pairs.may_match(word) {
            return 0;
        }
        let chars = word.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        let longest = MAX_SUFFIX_CHARS.min(chars.saturating_sub(MIN_STEM));
        let mut mask = 0;
        let mut k = 0;
        // Walk back one character at a time; `i` is where the last k start.
        for i in (0..word.len()).rev() {
            if word[i] & 0xC0 == 0x80 {
                continue;
            }
            k += 1;
            let bytes = word.len() - i;
            if k > longest || bytes > MAX_SUFFIX_BYTES {
                break;
            }
            if k >= 2 {
                let mut tail = [0u8; 8];
                tail.copy_from_slice(&buf[i..i + 8]);
                let key = Key {
                    words: [u64::from_le_bytes(tail), 0, 0],
                    len: bytes as u8,
                };
                mask |= self.suffixes.get_key(key);
            }
        }
        mask
    }

    /// Languages with a word list, in row order (bit i of a hit set).
    pub fn languages() -> impl Iterator<Item = &'static str> {
        WORDS.iter().map(|w| w.0)
    }

    /// Bit set of the rows that list `word` (lowercase bytes).
    #[cfg(test)]
    pub fn lookup(&self, word: &[u8]) -> u32 {
        self.words.get(word)
    }
}

/// Number of word lists (rows of a hit count array).
pub(crate) const ROWS: usize = WORDS.len();

/// Collects the lowercase bytes of one word at a time and counts hits.
pub(crate) struct WordHits {
    /// The current word; zero past `len`.
    word: [u8; PADDED],
    len: usize,
    too_long: bool,
    pub hits: [u16; ROWS],
    /// Words per row with a listed ending.
    pub suffix_hits: [u16; ROWS],
}

impl WordHits {
    pub fn new() -> Self {
        WordHits {
            word: [0; PADDED],
            len: 0,
            too_long: false,
            hits: [0; ROWS],
            suffix_hits: [0; ROWS],
        }
    }

    /// Adds a character of the current word; apostrophes only inside one.
    #[inline(always)]
    pub fn push(&mut self, lower: char) {
        let cp = u32::from(lower);
        let at = self.len;
        // One- and two-byte characters (ASCII, Cyrillic) are nearly all text; they are encoded
        // by hand.
        match cp {
            0..0x80 if at < MAX_WORD_BYTES => {
                self.word[at] = cp as u8;
                self.len += 1;
            }
            0x80..0x800 if at + 2 <= MAX_WORD_BYTES => {
                self.word[at] = 0xC0 | (cp >> 6) as u8;
                self.word[at + 1] = 0x80 | (cp & 0x3F) as u8;
                self.len += 2;
            }
            _ if at + lower.len_utf8() <= MAX_WORD_BYTES => {
                self.len += lower.encode_utf8(&mut self.word[at..]).len();
            }
            _ => self.too_long = true,
        }
    }

    /// The lowercase bytes of the current word so far.
    #[inline(always)]
    pub fn current(&self) -> &[u8] {
        self.word.get(..self.len).unwrap_or(&[])
    }

    #[inline(always)]
    pub fn in_word(&self) -> bool {
        self.len > 0 || self.too_long
    }

    /// Ends the current word, counting it if it is listed. Inlined, with the lookups out of
    /// line, so that the letter scan can keep the word's length in a register.
    #[inline(always)]
    pub fn end(&mut self, lexicon: &Lexicon) {
        if self.in_word() {
            let counted = !self.too_long;
            lexicon.close_word(
                &mut self.word,
                self.len,
                counted,
                &mut self.hits,
                &mut self.suffix_hits,
            );
            self.len = 0;
            self.too_long = false;
        }
    }
}

impl Lexicon {
    /// Counts `word[..len]` in `hits` and `suffix_hits` if `counted`, then zeroes those bytes
    /// for the next word.
    #[inline(never)]
    fn close_word(
        &self,
        word: &mut [u8; PADDED],
        len: usize,
        counted: bool,
        hits: &mut [u16; ROWS],
        suffix_hits: &mut [u16; ROWS],
    ) {
        if counted {
            count_rows(hits, self.words.get_key(Key::padded(word, len)));
            count_rows(suffix_hits, self.suffix_lookup_padded(word, len));
        }
        if let Some(bytes) = word.get_mut(..len) {
            bytes.fill(0);
        }
    }
}

/// Adds one to the count of every row in the bit set `rows` (usually none or one).
fn count_rows(counts: &mut [u16; ROWS], mut rows: u32) {
    while rows != 0 {
        if let Some(c) = counts.get_mut(rows.trailing_zeros() as usize) {
            *c += 1;
        }
        rows &= rows - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(mask: u32) -> Vec<&'static str> {
        WORDS
            .iter()
            .enumerate()
            .filter(|(i, _)| (mask >> i) & 1 == 1)
            .map(|(_, w)| w.0)
            .collect()
    }

    #[test]
    fn final_pair_filter_passes_every_word_with_a_listed_ending() {
        let lex = Lexicon::new();
        for (_, list) in SUFFIXES {
            for e in list.split_whitespace() {
                let word = format!("қаламгер{e}");
                assert!(lex.final_pairs.may_match(word.as_bytes()), "{word}");
                assert_ne!(lex.suffix_lookup(word.as_bytes()), 0, "{word}");
            }
        }
        // No ending ends in -фе, -ыс or -ро; words in other scripts are not filtered.
        for word in ["кофе", "жұмыс", "метро"] {
            assert!(!lex.final_pairs.may_match(word.as_bytes()), "{word}");
        }
        assert!(lex.final_pairs.may_match(b"hello"));
        assert!(lex.final_pairs.may_match("日本語".as_bytes()));
    }

    #[test]
    fn endings_name_their_languages() {
        let lex = Lexicon::new();
        let of = |w: &str| rows(lex.suffix_lookup(w.as_bytes()));
        assert_eq!(of("келмеген"), ["kk", "ky"]);
        assert_eq!(of("коюлду"), ["ky"]);
        assert_eq!(of("дружбою"), ["uk"]);
        assert_eq!(of("новое"), ["ru"]);
        assert_eq!(of("оқушының"), ["kk", "tt"]);
    }

    #[test]
    fn every_listed_word_is_found_and_nothing_else() {
        let lex = Lexicon::new();
        for (i, (_, list)) in WORDS.iter().enumerate() {
            for w in list.split_whitespace() {
                assert!((lex.lookup(w.as_bytes()) >> i) & 1 == 1, "{w}");
                let longer = format!("{w}x");
                let listed = WORDS
                    .iter()
                    .any(|l| l.1.split_whitespace().any(|x| x == longer));
                assert_eq!(lex.lookup(longer.as_bytes()) != 0, listed, "{longer}");
            }
        }
        assert_eq!(lex.lookup(b""), 0);
        assert_eq!(lex.lookup(&[b'a'; MAX_WORD_BYTES + 1]), 0);
    }

    #[test]
    fn listed_endings_fit_one_machine_word() {
        for (_, list) in SUFFIXES {
            for e in list.split_whitespace() {
                assert!(e.len() <= MAX_SUFFIX_BYTES, "{e}");
                assert!(e.chars().count() <= MAX_SUFFIX_CHARS, "{e}");
            }
        }
    }

    /// The word buffer is read as padded machine words, so a short word after a long one must
    /// not see the long one's bytes.
    #[test]
    fn word_hits_count_what_the_slice_lookups_find() {
        let lex = Lexicon::new();
        let mut hits = WordHits::new();
        let (mut words, mut endings) = ([0u16; ROWS], [0u16; ROWS]);
        let text =
            "олардың мектебіне және the cat ятьааааааааааааааааааааааааааа келмеген бен жазғанның";
        for w in text.split(' ') {
            w.chars().for_each(|c| hits.push(c));
            hits.end(&lex);
            if w.len() <= MAX_WORD_BYTES {
                count_rows(&mut words, lex.lookup(w.as_bytes()));
                count_rows(&mut endings, lex.suffix_lookup(w.as_bytes()));
            }
        }
        assert_eq!(hits.hits, words);
        assert_eq!(hits.suffix_hits, endings);
        assert!(words.iter().sum::<u16>() >= 3 && endings.iter().sum::<u16>() >= 3);
    }

    #[test]
    fn endings_need_a_stem_and_skip_ascii() {
        let lex = Lexicon::new();
        // "году" would be Kyrgyz -ду without the stem rule.
        assert_eq!(lex.suffix_lookup("году".as_bytes()), 0);
        assert_eq!(lex.suffix_lookup(b"wonderful"), 0);
        assert_eq!(lex.suffix_lookup(b""), 0);
    }
}
