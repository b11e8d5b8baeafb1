//! Inference for the supervised fastText model lid.176.ftz.
//!
//! fasttext-pure-rs reads the same file and gives the same probabilities,
//! but at about 8 MB/s here: it looks words and pruned n-gram buckets up in
//! SipHash maps and dequantises rows on every use. This reader spends a few
//! megabytes at load time instead — dequantised rows, a direct bucket table
//! and a precomputed vector per dictionary word — and labels text several
//! times faster. The tests check both agree.

use std::cell::RefCell;
use std::fmt;

const MAGIC: i32 = 793_712_314;
const VERSION: i32 = 12;
const EOS: &str = "</s>";
const KSUB: usize = 256;
/// Hierarchical softmax, the loss lid.176 was trained with.
const LOSS_HS: i32 = 1;
const SUPERVISED: i32 = 3;

/// Why the model bytes could not be read.
#[derive(Debug)]
pub struct FormatError(String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormatError {}

fn bad(what: &str) -> FormatError {
    FormatError(what.to_string())
}

/// Little-endian reader over the model bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| bad("model file is truncated"))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], FormatError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, FormatError> {
        Ok(self.array::<1>()?[0])
    }

    fn i32(&mut self) -> Result<i32, FormatError> {
        Ok(i32::from_le_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, FormatError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    fn size(&mut self, v: i64) -> Result<usize, FormatError> {
        usize::try_from(v).map_err(|_| bad("negative size in model file"))
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, FormatError> {
        let bytes = self.take(n.checked_mul(4).ok_or_else(|| bad("size overflow"))?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    fn cstr(&mut self) -> Result<&'a [u8], FormatError> {
        let rest = &self.bytes[self.pos..];
        let len = rest
            .iter()
            .position(|&b| b == 0)
            .ok_or_else(|| bad("unterminated word"))?;
        let s = &rest[..len];
        self.pos += len + 1;
        Ok(s)
    }
}

/// fastText's FNV-1a variant, which sign-extends each byte.
const fn fnv(bytes: &[u8]) -> u32 {
    let mut h: u32 = 2_166_136_261;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as i8 as u32).wrapping_mul(16_777_619);
        i += 1;
    }
    h
}

const EOS_HASH: u32 = fnv(EOS.as_bytes());

/// Hash of the whole model file; never 0, which marks an empty cache.
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h | 1
}

/// Model hyper-parameters that inference needs.
struct Args {
    dim: usize,
    bucket: u32,
    minn: usize,
    maxn: usize,
}

fn read_args(r: &mut Reader) -> Result<Args, FormatError> {
    let mut v = [0i32; 12];
    for x in &mut v {
        *x = r.i32()?;
    }
    r.take(8)?; // sampling threshold t, unused at inference
    let [
        dim,
        _ws,
        _epoch,
        _min_count,
        _neg,
        word_ngrams,
        loss,
        model,
        bucket,
        minn,
        maxn,
        _lr,
    ] = v;
    if loss != LOSS_HS || model != SUPERVISED || word_ngrams != 1 {
        return Err(bad(
            "expected a supervised hierarchical-softmax model without word n-grams",
        ));
    }
    let dim = usize::try_from(dim).map_err(|_| bad("bad dimension"))?;
    let bucket = u32::try_from(bucket).map_err(|_| bad("bad bucket count"))?;
    let minn = usize::try_from(minn).map_err(|_| bad("bad minn"))?;
    let maxn = usize::try_from(maxn).map_err(|_| bad("bad maxn"))?;
    if dim == 0 || bucket == 0 {
        return Err(bad("empty model"));
    }
    Ok(Args {
        dim,
        bucket,
        minn,
        maxn,
    })
}

/// Dictionary entries as read from the file.
struct Dict {
    /// Word and label strings, concatenated, with their byte ranges.
    bytes: Vec<u8>,
    spans: Vec<(usize, usize)>,
    nwords: usize,
    /// Label counts in label order, for building the Huffman tree.
    label_counts: Vec<i64>,
    /// Kept n-gram bucket → its row among the pruned buckets.
    pruned: Vec<(u32, u32)>,
    prune_size: i64,
}

fn read_dict(r: &mut Reader) -> Result<Dict, FormatError> {
    let size = r.i32()?;
    let size = r.size(size.into())?;
    let nwords = r.i32()?;
    let nwords = r.size(nwords.into())?;
    let _nlabels = r.i32()?;
    let _ntokens = r.i64()?;
    let prune_size = r.i64()?;
    let mut bytes = Vec::new();
    let mut spans = Vec::with_capacity(size);
    let mut label_counts = Vec::new();
    for i in 0..size {
        let word = r.cstr()?;
        let count = r.i64()?;
        let kind = r.u8()?;
        if (kind == 1) != (i >= nwords) {
            return Err(bad("words and labels out of order"));
        }
        if kind == 1 {
            label_counts.push(count);
        }
        spans.push((bytes.len(), bytes.len() + word.len()));
        bytes.extend_from_slice(word);
    }
    let mut pruned = Vec::new();
    for _ in 0..prune_size.max(0) {
        let (from, to) = (r.i32()?, r.i32()?);
        let from = u32::try_from(from).map_err(|_| bad("bad pruned bucket"))?;
        let to = u32::try_from(to).map_err(|_| bad("bad pruned bucket"))?;
        pruned.push((from, to));
    }
    if label_counts.is_empty() {
        return Err(bad("model has no labels"));
    }
    Ok(Dict {
        bytes,
        spans,
        nwords,
        label_counts,
        pruned,
        prune_size,
    })
}

/// A product-quantised matrix, dequantised into dense rows.
struct Quantized {
    rows: Vec<f32>,
}

fn read_quantized(r: &mut Reader, dim: usize) -> Result<Quantized, FormatError> {
    let qnorm = r.u8()? != 0;
    let m = r.i64()?;
    let m = r.size(m)?;
    let n = r.i64()?;
    if r.size(n)? != dim {
        return Err(bad("input matrix width differs from dimension"));
    }
    let codesize = r.i32()?;
    let codesize = r.size(codesize.into())?;
    let codes = r.take(codesize)?;
    let pq = read_pq(r)?;
    let norms = if qnorm {
        let codes = r.take(m)?;
        let npq = read_pq(r)?;
        codes
            .iter()
            .map(|&c| npq.centroid(0, c).first().copied().unwrap_or(1.0))
            .collect()
    } else {
        vec![1.0; m]
    };
    if pq.dim != dim || codes.len() < m * pq.nsubq {
        return Err(bad("quantiser does not fit the matrix"));
    }
    let mut rows = vec![0.0f32; m * dim];
    for (t, row) in rows.chunks_exact_mut(dim).enumerate() {
        for q in 0..pq.nsubq {
            let c = pq.centroid(q, codes[t * pq.nsubq + q]);
            let base = q * pq.dsub;
            for (x, &v) in row[base..].iter_mut().zip(c) {
                *x = norms[t] * v;
            }
        }
    }
    Ok(Quantized { rows })
}

struct Quantizer {
    dim: usize,
    nsubq: usize,
    dsub: usize,
    lastdsub: usize,
    centroids: Vec<f32>,
}

impl Quantizer {
    fn centroid(&self, q: usize, code: u8) -> &[f32] {
        let i = code as usize;
        let (start, len) = if q + 1 == self.nsubq {
            (q * KSUB * self.dsub + i * self.lastdsub, self.lastdsub)
        } else {
            ((q * KSUB + i) * self.dsub, self.dsub)
        };
        self.centroids.get(start..start + len).unwrap_or(&[])
    }
}

fn read_pq(r: &mut Reader) -> Result<Quantizer, FormatError> {
    let mut v = [0usize; 4];
    for x in &mut v {
        let i = r.i32()?;
        *x = r.size(i.into())?;
    }
    let [dim, nsubq, dsub, lastdsub] = v;
    if nsubq == 0 || dsub == 0 || (nsubq - 1) * dsub + lastdsub != dim {
        return Err(bad("inconsistent product quantiser"));
    }
    let centroids = r.f32s(dim * KSUB)?;
    Ok(Quantizer {
        dim,
        nsubq,
        dsub,
        lastdsub,
        centroids,
    })
}

#[derive(Clone, Copy)]
struct Node {
    parent: usize,
    left: usize,
    right: usize,
    count: i64,
}

/// The Huffman tree fastText builds over label counts (labels sorted by
/// descending count), rebuilt exactly so node numbers match output rows.
fn build_tree(counts: &[i64]) -> Vec<Node> {
    let osz = counts.len();
    let none = usize::MAX;
    let mut tree = vec![
        Node {
            parent: none,
            left: none,
            right: none,
            count: i64::MAX
        };
        2 * osz - 1
    ];
    for (node, &c) in tree.iter_mut().zip(counts) {
        node.count = c;
    }
    let mut leaf = osz as isize - 1;
    let mut node = osz;
    for i in osz..2 * osz - 1 {
        let mut pick = [0usize; 2];
        for slot in &mut pick {
            if leaf >= 0 && tree[leaf as usize].count < tree[node].count {
                *slot = leaf as usize;
                leaf -= 1;
            } else {
                *slot = node;
                node += 1;
            }
        }
        tree[i].left = pick[0];
        tree[i].right = pick[1];
        tree[i].count = tree[pick[0]].count + tree[pick[1]].count;
        tree[pick[0]].parent = i;
        tree[pick[1]].parent = i;
    }
    tree
}

/// A loaded lid.176-style model.
pub struct Model {
    /// Identifies this model's contents in the per-thread word cache.
    fingerprint: u64,
    dim: usize,
    bucket: u32,
    /// `u64::MAX / bucket + 1`, for `bucket_of`.
    bucket_magic: u64,
    minn: usize,
    maxn: usize,
    dict: Dict,
    /// Open-addressing table of dictionary entries (index + 1, 0 = empty), keyed by `fnv`.
    table: Vec<u32>,
    /// Per dictionary entry: the sum of its word row and subword rows, and how many rows.
    word_sums: Vec<f32>,
    word_rows: Vec<u32>,
    /// The n-gram buckets that survived pruning, with their rows.
    ngrams: Ngrams,
    output: Vec<f32>,
    tree: Vec<Node>,
    osz: usize,
}

impl Model {
    /// Reads a quantised (`.ftz`) supervised model.
    pub fn load(bytes: &[u8]) -> Result<Model, FormatError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.i32()? != MAGIC || r.i32()? != VERSION {
            return Err(bad("not a fastText model of format version 12"));
        }
        let args = read_args(&mut r)?;
        let dict = read_dict(&mut r)?;
        if r.u8()? == 0 {
            return Err(bad("expected a quantised (.ftz) model"));
        }
        let input = read_quantized(&mut r, args.dim)?;
        if r.u8()? != 0 {
            return Err(bad("quantised output matrices are not supported"));
        }
        let (m, n) = (r.i64()?, r.i64()?);
        let (m, n) = (r.size(m)?, r.size(n)?);
        let osz = dict.label_counts.len();
        if n != args.dim || m != osz {
            return Err(bad("output matrix does not match the labels"));
        }
        let output = r.f32s(m * n)?;
        let mut model = Model {
            fingerprint: fingerprint(bytes),
            dim: args.dim,
            bucket: args.bucket,
            bucket_magic: (u64::MAX / u64::from(args.bucket)).wrapping_add(1),
            minn: args.minn,
            maxn: args.maxn,
            table: Vec::new(),
            word_sums: Vec::new(),
            word_rows: Vec::new(),
            ngrams: Ngrams::default(),
            tree: build_tree(&dict.label_counts),
            dict,
            output,
            osz,
        };
        model.index(&input)?;
        Ok(model)
    }

    /// Builds the lookup tables used at inference.
    fn index(&mut self, input: &Quantized) -> Result<(), FormatError> {
        let nrows = input.rows.len() / self.dim;
        let nwords = self.dict.nwords;
        if self.dict.prune_size < 0 {
            return Err(bad("models with unpruned n-gram buckets are not supported"));
        }
        let mut rows_of = std::collections::HashMap::new();
        for &(bucket, to) in &self.dict.pruned {
            let row = nwords + to as usize;
            if row >= nrows {
                return Err(bad("n-gram rows outside the input matrix"));
            }
            rows_of.insert(bucket, row);
        }
        self.ngrams = Ngrams::new(&rows_of, input, self.dim);
        let n = self.dict.spans.len();
        if nwords > nrows {
            return Err(bad("more words than input rows"));
        }
        self.table = vec![0; (2 * n).next_power_of_two()];
        self.word_sums = vec![0.0; n * self.dim];
        self.word_rows = vec![0; n];
        for i in 0..n {
            let (s, e) = self.dict.spans[i];
            let word = self.dict.bytes[s..e].to_vec();
            let mask = self.table.len() - 1;
            let mut h = fnv(&word) as usize & mask;
            while self.table[h] != 0 {
                h = (h + 1) & mask;
            }
            self.table[h] = i as u32 + 1;
            if i >= nwords {
                continue;
            }
            let mut ids = vec![i];
            if word != EOS.as_bytes() {
                let mut w = Vec::with_capacity(word.len() + 2);
                w.push(b'<');
                w.extend_from_slice(&word);
                w.push(b'>');
                self.for_each_bucket(&w, |b| ids.extend(rows_of.get(&b)));
            }
            let mut sum = vec![0.0f32; self.dim];
            for &row in &ids {
                add(&mut sum, &input.rows[row * self.dim..(row + 1) * self.dim]);
            }
            self.word_sums[i * self.dim..(i + 1) * self.dim].copy_from_slice(&sum);
            self.word_rows[i] = ids.len() as u32;
        }
        Ok(())
    }

    /// Label names in model order (most frequent first), without `__label__`.
    pub fn labels(&self) -> impl Iterator<Item = &[u8]> {
        let words = &self.dict.spans[self.dict.nwords..];
        words.iter().map(|&(s, e)| {
            let w = &self.dict.bytes[s..e];
            w.strip_prefix(b"__label__").unwrap_or(w)
        })
    }

    fn lookup(&self, word: &[u8], hash: u32) -> Option<usize> {
        let mask = self.table.len() - 1;
        let mut h = hash as usize & mask;
        loop {
            let id = *self.table.get(h)? as usize;
            if id == 0 {
                return None;
            }
            let (s, e) = self.dict.spans[id - 1];
            if &self.dict.bytes[s..e] == word {
                return Some(id - 1);
            }
            h = (h + 1) & mask;
        }
    }

    /// `hash % bucket` by multiplication (Lemire's fastmod, exact for u32):
    /// a division per n-gram is a noticeable share of inference.
    fn bucket_of(&self, hash: u32) -> u32 {
        fast_mod(hash, self.bucket, self.bucket_magic)
    }

    /// Calls `f` with the hash bucket of every character n-gram of `w`
    /// (a word already wrapped in `<` `>`), as fastText enumerates them.
    fn for_each_bucket(&self, w: &[u8], mut f: impl FnMut(u32)) {
        for i in 0..w.len() {
            if w[i] & 0xC0 == 0x80 {
                continue;
            }
            let mut h: u32 = 2_166_136_261;
            let mut j = i;
            let mut n = 1;
            while j < w.len() && n <= self.maxn {
                h = (h ^ w[j] as i8 as u32).wrapping_mul(16_777_619);
                j += 1;
                while j < w.len() && w[j] & 0xC0 == 0x80 {
                    h = (h ^ w[j] as i8 as u32).wrapping_mul(16_777_619);
                    j += 1;
                }
                if n >= self.minn && !(n == 1 && (i == 0 || j == w.len())) {
                    f(self.bucket_of(h));
                }
                n += 1;
            }
        }
    }
}

impl Model {
    /// Adds the n-gram rows of a word outside the dictionary and returns how
    /// many there were. The word's sum is built on its own and then added,
    /// so a cached sum gives bit-identical results to a fresh one.
    fn add_unknown(&self, word: &[u8], h: u32, hidden: &mut [f32], cache: &mut WordCache) -> usize {
        if let Some(n) = cache.get(h, word, hidden) {
            return n as usize;
        }
        let mut stack = [0u8; KEY_BYTES + 2];
        let mut heap = Vec::new();
        let wrapped: &mut [u8] = if word.len() <= KEY_BYTES {
            &mut stack[..word.len() + 2]
        } else {
            heap.resize(word.len() + 2, 0);
            &mut heap
        };
        wrapped[0] = b'<';
        wrapped[1..=word.len()].copy_from_slice(word);
        wrapped[word.len() + 1] = b'>';
        let mut sum = [0.0f32; CACHE_DIM];
        let mut heap_sum = Vec::new();
        let buf: &mut [f32] = if self.dim == CACHE_DIM {
            &mut sum
        } else {
            heap_sum.resize(self.dim, 0.0);
            &mut heap_sum
        };
        let mut n = 0;
        self.for_each_bucket(wrapped, |b| {
            if let Some(row) = self.ngrams.get(b) {
                add(buf, row);
                n += 1;
            }
        });
        add(hidden, buf);
        cache.put(h, word, buf, n as u32);
        n
    }
}

/// Per-thread cache of the n-gram sums of unknown words: news text repeats
/// its words, and summing a word's n-gram rows is most of the cost of
/// inference. Direct-mapped, so a new word simply replaces the one in its
/// slot; a slot is two cache lines, so a lookup costs one memory access.
struct WordCache {
    model: u64,
    slots: Vec<CachedWord>,
    /// The current text's tokens (start, length, hash), kept to reuse the allocation.
    tokens: Vec<(usize, usize, u32)>,
}

/// Dimensions a cached sum holds (lid.176 has 16); other models skip the cache.
const CACHE_DIM: usize = 16;

#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct CachedWord {
    /// Word length + 1; 0 for an empty slot.
    len: u8,
    rows: u32,
    key: [u8; KEY_BYTES],
    sum: [f32; CACHE_DIM],
}

/// Slots per thread: 4 MB each, so that even a many-core rayon pool stays
/// well inside the memory budget.
const CACHE_SLOTS: usize = 1 << 15;
/// Longer words are not cached; 24 Cyrillic letters fit.
const KEY_BYTES: usize = 48;

thread_local! {
    static WORDS: RefCell<WordCache> = const { RefCell::new(WordCache { model: 0, slots: Vec::new(), tokens: Vec::new() }) };
}

impl WordCache {
    /// Makes the cache ready for `model`, emptying it if it held another model's sums.
    fn prepare(&mut self, model: u64) {
        if self.model != model || self.slots.is_empty() {
            self.model = model;
            let empty = CachedWord {
                len: 0,
                rows: 0,
                key: [0; KEY_BYTES],
                sum: [0.0; CACHE_DIM],
            };
            self.slots = vec![empty; CACHE_SLOTS];
        }
    }

    fn slot(&self, hash: u32) -> Option<&CachedWord> {
        self.slots.get(hash as usize % CACHE_SLOTS)
    }

    fn get(&self, hash: u32, word: &[u8], hidden: &mut [f32]) -> Option<u32> {
        if word.len() > KEY_BYTES || hidden.len() != CACHE_DIM {
            return None;
        }
        let slot = self.slot(hash)?;
        if usize::from(slot.len) != word.len() + 1 || &slot.key[..word.len()] != word {
            return None;
        }
        add(hidden, &slot.sum);
        Some(slot.rows)
    }

    fn put(&mut self, hash: u32, word: &[u8], sum: &[f32], rows: u32) {
        if word.len() > KEY_BYTES || sum.len() != CACHE_DIM {
            return;
        }
        if let Some(slot) = self.slots.get_mut(hash as usize % CACHE_SLOTS) {
            slot.key[..word.len()].copy_from_slice(word);
            slot.len = word.len() as u8 + 1;
            slot.rows = rows;
            slot.sum.copy_from_slice(sum);
        }
    }
}

/// Asks the CPU to start loading `value`'s cache line: a hint with no effect on results.
fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: a prefetch is a hint that never faults and reads nothing into the program,
        // and the pointer comes from a live reference.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

fn add(acc: &mut [f32], row: &[f32]) {
    for (a, &r) in acc.iter_mut().zip(row) {
        *a += r;
    }
}

impl Model {
    /// Mean input vector of `text`'s whitespace tokens and the end-of-line
    /// token, as fastText computes it for prediction.
    pub fn hidden(&self, text: &str, hidden: &mut Vec<f32>) {
        hidden.clear();
        hidden.resize(self.dim, 0.0);
        let count = WORDS.with(|cache| self.sum_tokens(text, hidden, &mut cache.borrow_mut()));
        if count > 0 {
            let inv = 1.0 / count as f32;
            hidden.iter_mut().for_each(|x| *x *= inv);
        }
    }

    /// Adds the rows of `text`'s tokens and the end-of-line token to `hidden`; returns how
    /// many rows. The tokens are listed first, with the table slots each will read asked
    /// for meanwhile, so that a sentence's lookups wait on memory together rather than one
    /// after another.
    fn sum_tokens(&self, text: &str, hidden: &mut [f32], cache: &mut WordCache) -> usize {
        cache.prepare(self.fingerprint);
        let mut tokens = std::mem::take(&mut cache.tokens);
        tokens.clear();
        let mask = self.table.len().wrapping_sub(1);
        for (token, hash) in Tokens::new(text) {
            if let Some(entry) = self.table.get(hash as usize & mask) {
                prefetch(entry);
            }
            if let Some(slot) = cache.slot(hash) {
                prefetch(slot);
            }
            let start = token.as_ptr() as usize - text.as_ptr() as usize;
            tokens.push((start, token.len(), hash));
        }
        let mut count = 0;
        let words = tokens
            .iter()
            .map(|&(s, n, h)| (&text.as_bytes()[s..s + n], h));
        for (bytes, hash) in words.chain(std::iter::once((EOS.as_bytes(), EOS_HASH))) {
            match self.lookup(bytes, hash) {
                Some(id) if id < self.dict.nwords => {
                    add(hidden, &self.word_sums[id * self.dim..(id + 1) * self.dim]);
                    count += self.word_rows[id] as usize;
                }
                Some(_) => {}
                None if bytes.starts_with(b"__label__") => {}
                None => count += self.add_unknown(bytes, hash, hidden, cache),
            }
        }
        cache.tokens = tokens;
        count
    }

    /// Label probabilities for `text`, computed on demand.
    pub fn infer(&self, text: &str) -> Inference<'_> {
        let mut hidden = Vec::with_capacity(self.dim);
        self.hidden(text, &mut hidden);
        Inference {
            model: self,
            hidden,
            memo: vec![[f32::NAN; 2]; self.osz],
        }
    }

    /// Log-probabilities of the left and right branch at inner node `node`.
    fn branch(&self, node: usize, hidden: &[f32]) -> [f32; 2] {
        let row = (node - self.osz) * self.dim;
        let w = &self.output[row..row + self.dim];
        let f = sigmoid(w.iter().zip(hidden).map(|(a, b)| a * b).sum());
        [std_log(1.0 - f), std_log(f)]
    }
}

/// One text's hidden vector with the tree branches evaluated so far, so that
/// the top-k search and single-label queries share work.
pub struct Inference<'m> {
    model: &'m Model,
    hidden: Vec<f32>,
    memo: Vec<[f32; 2]>,
}

impl Inference<'_> {
    fn branch(&mut self, node: usize) -> [f32; 2] {
        let i = node - self.model.osz;
        if self.memo[i][0].is_nan() {
            self.memo[i] = self.model.branch(node, &self.hidden);
        }
        self.memo[i]
    }

    /// The `k` most probable labels (model order index, probability), best first.
    pub fn top_k(&mut self, k: usize) -> Vec<(usize, f32)> {
        let mut best: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
        if k > 0 {
            self.dfs(k, 2 * self.model.osz - 2, 0.0, &mut best);
        }
        best.into_iter().map(|(s, l)| (l, s.exp())).collect()
    }

    fn dfs(&mut self, k: usize, node: usize, score: f32, best: &mut Vec<(f32, usize)>) {
        if best.len() == k && best.last().is_some_and(|w| score < w.0) {
            return;
        }
        let Some(&n) = self.model.tree.get(node) else {
            return;
        };
        if n.left == usize::MAX {
            let at = best.iter().position(|b| b.0 < score).unwrap_or(best.len());
            best.insert(at, (score, node));
            best.truncate(k);
            return;
        }
        let [left, right] = self.branch(node);
        // The likelier branch first fills `best` sooner, so more of the tree
        // is pruned; the k best found are the same.
        if right > left {
            self.dfs(k, n.right, score + right, best);
            self.dfs(k, n.left, score + left, best);
        } else {
            self.dfs(k, n.left, score + left, best);
            self.dfs(k, n.right, score + right, best);
        }
    }

    /// Probability of label `label` (model order), following its tree path.
    pub fn prob(&mut self, label: usize) -> f32 {
        let mut score = 0.0;
        let mut node = label;
        while let Some(parent) = self.model.tree.get(node).map(|n| n.parent) {
            let Some(&p) = self.model.tree.get(parent) else {
                break;
            };
            let [left, right] = self.branch(parent);
            score += if p.left == node { left } else { right };
            node = parent;
        }
        score.exp()
    }
}

/// What a byte can be to the tokenizer: part of a token, an ASCII space, or the lead byte of a
/// character that may be a non-ASCII space (only C2, E1, E2 and E3 can start one).
const TOKEN: u8 = 0;
const ASCII_SPACE: u8 = 1;
const MAYBE_SPACE: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut t = [TOKEN; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => ASCII_SPACE,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => MAYBE_SPACE,
            _ => TOKEN,
        };
        i += 1;
    }
    t
};

/// The tokens of `str::split_whitespace`, found by bytes with a class table, each with its
/// fastText hash ([`fnv`]) computed in the same pass: tokenizing and hashing were two walks
/// over every byte, and the lookup behind `space_at` ran per byte.
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Tokens { text, pos: 0 }
    }

    /// Length of the whitespace character at byte `i`, or 0.
    fn space_at(&self, i: usize) -> usize {
        match self
            .text
            .as_bytes()
            .get(i)
            .map(|&b| BYTE_CLASS[usize::from(b)])
        {
            Some(ASCII_SPACE) => 1,
            Some(MAYBE_SPACE) => self.unicode_space_at(i),
            _ => 0,
        }
    }

    #[cold]
    fn unicode_space_at(&self, i: usize) -> usize {
        self.text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8)
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (&'a str, u32);

    fn next(&mut self) -> Option<(&'a str, u32)> {
        let bytes = self.text.as_bytes();
        loop {
            match self.space_at(self.pos) {
                0 => break,
                n => self.pos += n,
            }
        }
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let mut h: u32 = 2_166_136_261;
        while let Some(&b) = bytes.get(self.pos) {
            match BYTE_CLASS[usize::from(b)] {
                TOKEN => {}
                ASCII_SPACE => break,
                _ if self.unicode_space_at(self.pos) > 0 => break,
                _ => {}
            }
            h = (h ^ b as i8 as u32).wrapping_mul(16_777_619);
            self.pos += 1;
        }
        Some((self.text.get(start..self.pos)?, h))
    }
}

/// `hash % d` given `magic = (u64::MAX / d).wrapping_add(1)`.
fn fast_mod(hash: u32, d: u32, magic: u64) -> u32 {
    let low = magic.wrapping_mul(u64::from(hash));
    ((u128::from(low) * u128::from(d)) >> 64) as u32
}

fn std_log(x: f32) -> f32 {
    (x + 1e-5).ln()
}

fn sigmoid(x: f32) -> f32 {
    if x < -8.0 {
        0.0
    } else if x > 8.0 {
        1.0
    } else {
        1.0 / (1.0 + (-x).exp())
    }
}

/// The n-gram buckets that survived pruning (lid.176 keeps 42,765 of two million) and their
/// rows. A bucket is looked up by its bit: most n-grams of a word were pruned, and the bit
/// set is small enough (a quarter of a megabyte) to stay in the L2 cache, so those cost one
/// cache hit. A kept bucket's row is found by counting the kept buckets before it, with no
/// table to probe; the rows are stored decoded, so adding one is a 16-float add rather than
/// eight product-quantiser lookups.
#[derive(Default)]
struct Ngrams {
    kept: Vec<u64>,
    /// Per word of `kept`, how many buckets the words before it keep.
    ranks: Vec<u32>,
    /// The kept buckets' rows in bucket order, `dim` floats each.
    rows: Vec<f32>,
    dim: usize,
}

impl Ngrams {
    fn new(
        rows_of: &std::collections::HashMap<u32, usize>,
        input: &Quantized,
        dim: usize,
    ) -> Ngrams {
        let mut pairs: Vec<(u32, usize)> = rows_of.iter().map(|(&b, &r)| (b, r)).collect();
        pairs.sort_unstable();
        let top = pairs.last().map_or(0, |p| p.0 as usize + 1);
        let mut kept = vec![0u64; top.div_ceil(64)];
        let mut rows = Vec::with_capacity(pairs.len() * dim);
        for &(bucket, row) in &pairs {
            kept[bucket as usize / 64] |= 1 << (bucket % 64);
            // The dense rows are `norm * centroid`, as the quantiser defines them, so a row
            // added here gives the bits fastText's own decoding would.
            rows.extend_from_slice(input.rows.get(row * dim..(row + 1) * dim).unwrap_or(&[]));
        }
        let mut ranks = Vec::with_capacity(kept.len());
        let mut before = 0u32;
        for bits in &kept {
            ranks.push(before);
            before += bits.count_ones();
        }
        Ngrams {
            kept,
            ranks,
            rows,
            dim,
        }
    }

    /// The row of `bucket`, if it was kept.
    fn get(&self, bucket: u32) -> Option<&[f32]> {
        let word = bucket as usize / 64;
        let bits = *self.kept.get(word)?;
        let bit = 1u64 << (bucket % 64);
        if bits & bit == 0 {
            return None;
        }
        let rank = *self.ranks.get(word)? as usize + (bits & (bit - 1)).count_ones() as usize;
        self.rows.get(rank * self.dim..(rank + 1) * self.dim)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_those_of_split_whitespace() {
        for text in [
            "",
            "  ",
            "Қазақстан  Республикасы\tжәне\u{A0}Ресей\u{2003}— «сөз»\u{3000}end ",
            "\u{85}a\u{1680}b\u{2028}c\u{202F}d\u{205F}e\u{200B}f",
            "«» Ёлка ÿ é",
        ] {
            let ours: Vec<(&str, u32)> = super::Tokens::new(text).collect();
            let std: Vec<(&str, u32)> = text
                .split_whitespace()
                .map(|t| (t, super::fnv(t.as_bytes())))
                .collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tokens_and_hashes_match_split_whitespace(text in "(\\PC|\\s|\u{A0}|\u{2003}|«|—){0,40}") {
            let ours: Vec<(&str, u32)> = super::Tokens::new(&text).collect();
            let std: Vec<(&str, u32)> = text
                .split_whitespace()
                .map(|t| (t, super::fnv(t.as_bytes())))
                .collect();
            proptest::prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn fast_modulo_is_exact() {
        for bucket in [1u32, 7, 2_000_000, u32::MAX] {
            let magic = (u64::MAX / u64::from(bucket)).wrapping_add(1);
            for hash in [
                0u32,
                1,
                12_345,
                1_999_999,
                2_000_000,
                u32::MAX - 1,
                u32::MAX,
            ] {
                assert_eq!(
                    super::fast_mod(hash, bucket, magic),
                    hash % bucket,
                    "{hash} % {bucket}"
                );
            }
        }
    }
}
