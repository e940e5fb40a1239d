;; @sigmoid/random kernels: MT19937 (numpy's legacy RandomState) in WebAssembly with 128-bit SIMD.
;; Compiled into kernels-wasm.ts by packages/random/scripts/build-wasm.ts (wabt);
;; src/wasm/kernels.test.ts checks the two agree.
;;
;; Every result is bit-identical to the JavaScript it replaces (src/test-support/reference-generator.ts):
;; integer steps are exact, and every floating-point operation is the same IEEE operation in the same
;; order (WebAssembly has no FMA contraction, so Dekker's products port as they are).
;;
;; A generator's state is 624 words at byte offset $st; its position (0..624, 624 = regenerate first)
;; is passed in and the new one returned, so JavaScript keeps it. Memory layout (state-pool.ts):
;; bytes [0, 4096) hold the log table, 128 entries of 32 bytes (invc, invc_hi, invc_lo, logc: glibc-log.ts).
;;
;; The vector loops spell out the tempering and the assembly of doubles where they are used instead of
;; calling helpers: V8 (Node 20) does not inline WebAssembly calls, and the calls made random_sample
;; 2x and standard_normal 1.3x slower (measured with and without --experimental-wasm-inlining).
;; The logarithm's FMA emulation ($fma) is a called function: only the rare fallback path ($exact, a
;; fraction of a percent of the arguments) and the near-1 fallback run it.
(module
  (import "env" "memory" (memory 1))

  ;; ---------------------------------------------------------------------------------------------
  ;; MT19937 twist

  ;; One twist word: mt[i] = mt[m] ^ (y >>> 1) ^ (y odd ? 0x9908b0df : 0), y = upper bit of mt[i],
  ;; lower 31 bits of mt[i + 1] (all three given as byte addresses).
  (func $twist1 (param $pi i32) (param $pn i32) (param $pm i32)
    (local $y i32)
    (local.set $y (i32.or (i32.and (i32.load (local.get $pi)) (i32.const 0x80000000))
                          (i32.and (i32.load (local.get $pn)) (i32.const 0x7fffffff))))
    (i32.store (local.get $pi)
      (i32.xor (i32.xor (i32.load (local.get $pm)) (i32.shr_u (local.get $y) (i32.const 1)))
               (i32.and (i32.sub (i32.const 0) (i32.and (local.get $y) (i32.const 1))) (i32.const 0x9908b0df)))))

  ;; numpy's mt19937_gen, 4 words at a time. Word i reads mt[(i + 397) mod 624]: the old word while
  ;; i < 227, the word already regenerated this pass from i = 227 on (it is 227 words behind, so a
  ;; 4-word vector never reads its own output). Only the vectors that would straddle index 624 (i = 224..226)
  ;; and the last five words (mt[i + 1] wraps to the new mt[0]) run one word at a time.
  (func $twist (export "twist") (param $st i32)
    (local $p i32) (local $end i32) (local $y v128)
    (local.set $p (local.get $st))
    (local.set $end (i32.add (local.get $st) (i32.const 896)))
    (loop $old
      ;; y = upper bit of mt[i], lower 31 of mt[i + 1]; mt[i] = mt[i + 397] ^ (y >>> 1) ^ (y odd ? 0x9908b0df : 0)
      (local.set $y (v128.bitselect (v128.load align=4 (local.get $p)) (v128.load offset=4 align=4 (local.get $p))
                                    (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)))
      (v128.store align=4 (local.get $p)
        (v128.xor (v128.xor (v128.load offset=1588 align=4 (local.get $p)) (i32x4.shr_u (local.get $y) (i32.const 1)))
                  (v128.and (i32x4.shr_s (i32x4.shl (local.get $y) (i32.const 31)) (i32.const 31))
                            (v128.const i32x4 0x9908b0df 0x9908b0df 0x9908b0df 0x9908b0df))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $old (i32.lt_u (local.get $p) (local.get $end))))
    (call $twist1 (i32.add (local.get $st) (i32.const 896)) (i32.add (local.get $st) (i32.const 900)) (i32.add (local.get $st) (i32.const 2484)))
    (call $twist1 (i32.add (local.get $st) (i32.const 900)) (i32.add (local.get $st) (i32.const 904)) (i32.add (local.get $st) (i32.const 2488)))
    (call $twist1 (i32.add (local.get $st) (i32.const 904)) (i32.add (local.get $st) (i32.const 908)) (i32.add (local.get $st) (i32.const 2492)))
    (local.set $p (i32.add (local.get $st) (i32.const 908)))
    (local.set $end (i32.add (local.get $st) (i32.const 2476)))
    (loop $new
      (local.set $y (v128.bitselect (v128.load align=4 (local.get $p)) (v128.load offset=4 align=4 (local.get $p))
                                    (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000)))
      (v128.store align=4 (local.get $p)
        (v128.xor (v128.xor (v128.load align=4 (i32.sub (local.get $p) (i32.const 908))) (i32x4.shr_u (local.get $y) (i32.const 1)))
                  (v128.and (i32x4.shr_s (i32x4.shl (local.get $y) (i32.const 31)) (i32.const 31))
                            (v128.const i32x4 0x9908b0df 0x9908b0df 0x9908b0df 0x9908b0df))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $new (i32.lt_u (local.get $p) (local.get $end))))
    (call $twist1 (i32.add (local.get $st) (i32.const 2476)) (i32.add (local.get $st) (i32.const 2480)) (i32.add (local.get $st) (i32.const 1568)))
    (call $twist1 (i32.add (local.get $st) (i32.const 2480)) (i32.add (local.get $st) (i32.const 2484)) (i32.add (local.get $st) (i32.const 1572)))
    (call $twist1 (i32.add (local.get $st) (i32.const 2484)) (i32.add (local.get $st) (i32.const 2488)) (i32.add (local.get $st) (i32.const 1576)))
    (call $twist1 (i32.add (local.get $st) (i32.const 2488)) (i32.add (local.get $st) (i32.const 2492)) (i32.add (local.get $st) (i32.const 1580)))
    (call $twist1 (i32.add (local.get $st) (i32.const 2492)) (local.get $st) (i32.add (local.get $st) (i32.const 1584))))

  ;; ---------------------------------------------------------------------------------------------
  ;; Tempering and doubles

  (func $temper (param $y i32) (result i32)
    (local.set $y (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 11))))
    (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 7)) (i32.const 0x9d2c5680))))
    (local.set $y (i32.xor (local.get $y) (i32.and (i32.shl (local.get $y) (i32.const 15)) (i32.const 0xefc60000))))
    (i32.xor (local.get $y) (i32.shr_u (local.get $y) (i32.const 18))))

  ;; The next double of the stream (numpy's mt19937_next_double: (a >>> 5) * 2^26 + (b >>> 6), over
  ;; 2^53) from position $pos, regenerating when a block runs out; returns the double and the new position.
  (func $nextDouble (param $st i32) (param $pos i32) (result f64 i32)
    (local $a i32)
    (if (i32.eq (local.get $pos) (i32.const 624))
      (then (call $twist (local.get $st)) (local.set $pos (i32.const 0))))
    (local.set $a (call $temper (i32.load (i32.add (local.get $st) (i32.shl (local.get $pos) (i32.const 2))))))
    (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
    (if (i32.eq (local.get $pos) (i32.const 624))
      (then (call $twist (local.get $st)) (local.set $pos (i32.const 0))))
    (f64.mul
      (f64.add (f64.mul (f64.convert_i32_u (i32.shr_u (local.get $a) (i32.const 5))) (f64.const 0x1p26))
               (f64.convert_i32_u (i32.shr_u (call $temper (i32.load (i32.add (local.get $st) (i32.shl (local.get $pos) (i32.const 2)))))
                                             (i32.const 6))))
      (f64.const 0x1p-53))
    (i32.add (local.get $pos) (i32.const 1)))

  ;; fillDoubles(st, pos, out, n) -> pos: n doubles at out, 4 at a time from 8 words inside a block
  ;; (unaligned loads, so an odd position costs nothing); the tail of a block one double at a time.
  (func (export "fillDoubles") (param $st i32) (param $pos i32) (param $out i32) (param $n i32) (result i32)
    (local $w0 v128) (local $w1 v128) (local $a v128) (local $b v128) (local $d f64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (if (i32.eq (local.get $pos) (i32.const 624))
          (then (call $twist (local.get $st)) (local.set $pos (i32.const 0))))
        (if (i32.and (i32.ge_u (local.get $n) (i32.const 4)) (i32.le_u (local.get $pos) (i32.const 616)))
          (then
            (local.set $w0 (v128.load align=4 (i32.add (local.get $st) (i32.shl (local.get $pos) (i32.const 2)))))
            (local.set $w1 (v128.load offset=16 align=4 (i32.add (local.get $st) (i32.shl (local.get $pos) (i32.const 2)))))
            ;; tempering ($temper), four words at a time
            (local.set $w0 (v128.xor (local.get $w0) (i32x4.shr_u (local.get $w0) (i32.const 11))))
            (local.set $w0 (v128.xor (local.get $w0) (v128.and (i32x4.shl (local.get $w0) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
            (local.set $w0 (v128.xor (local.get $w0) (v128.and (i32x4.shl (local.get $w0) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
            (local.set $w0 (v128.xor (local.get $w0) (i32x4.shr_u (local.get $w0) (i32.const 18))))
            (local.set $w1 (v128.xor (local.get $w1) (i32x4.shr_u (local.get $w1) (i32.const 11))))
            (local.set $w1 (v128.xor (local.get $w1) (v128.and (i32x4.shl (local.get $w1) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
            (local.set $w1 (v128.xor (local.get $w1) (v128.and (i32x4.shl (local.get $w1) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
            (local.set $w1 (v128.xor (local.get $w1) (i32x4.shr_u (local.get $w1) (i32.const 18))))
            ;; words a0 b0 a1 b1 | a2 b2 a3 b3 -> a = (a0 a1 a2 a3) >>> 5, b = (b0 b1 b2 b3) >>> 6
            (local.set $a (i32x4.shr_u (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $w0) (local.get $w1)) (i32.const 5)))
            (local.set $b (i32x4.shr_u (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $w0) (local.get $w1)) (i32.const 6)))
            (v128.store align=8 (local.get $out)
              (f64x2.mul (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $a)) (v128.const f64x2 0x1p26 0x1p26)) (f64x2.convert_low_i32x4_u (local.get $b)))
                         (v128.const f64x2 0x1p-53 0x1p-53)))
            (v128.store offset=16 align=8 (local.get $out)
              (f64x2.mul (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a))) (v128.const f64x2 0x1p26 0x1p26)) (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
                         (v128.const f64x2 0x1p-53 0x1p-53)))
            (local.set $out (i32.add (local.get $out) (i32.const 32)))
            (local.set $pos (i32.add (local.get $pos) (i32.const 8)))
            (local.set $n (i32.sub (local.get $n) (i32.const 4))))
          (else
            (call $nextDouble (local.get $st) (local.get $pos))
            (local.set $pos)
            (local.set $d)
            (f64.store (local.get $out) (local.get $d))
            (local.set $out (i32.add (local.get $out) (i32.const 8)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))))
        (br $next)))
    (local.get $pos))

  ;; ---------------------------------------------------------------------------------------------
  ;; The polar method (numpy's legacy_gauss): an attempt draws x1 = 2 u1 - 1, x2 = 2 u2 - 1 (four words,
  ;; whether accepted or not) and is accepted when r2 = x1^2 + x2^2 is in (0, 1).

  ;; One attempt one word at a time (block boundaries, and the last pair): x1, x2 and the new position.
  (func $attempt1 (param $st i32) (param $pos i32) (result f64 f64 i32)
    (local $u1 f64) (local $u2 f64)
    (call $nextDouble (local.get $st) (local.get $pos))
    (local.set $pos)
    (local.set $u1)
    (call $nextDouble (local.get $st) (local.get $pos))
    (local.set $pos)
    (local.set $u2)
    (f64.sub (f64.mul (f64.const 2) (local.get $u1)) (f64.const 1))
    (f64.sub (f64.mul (f64.const 2) (local.get $u2)) (f64.const 1))
    (local.get $pos))

  ;; skipPairs(st, pos, pairs) -> pos: advances past `pairs` accepted attempts without their logarithms.
  ;; Two attempts per step while at least two pairs are still needed (so both may be accepted).
  (func (export "skipPairs") (param $st i32) (param $pos i32) (param $pairs i32) (result i32)
    (local $w0 v128) (local $w1 v128) (local $h v128) (local $l v128) (local $x1 v128) (local $x2 v128) (local $s v128)
    (local $y1 f64) (local $y2 f64) (local $r2 f64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $pairs)))
        (if (i32.eq (local.get $pos) (i32.const 624))
          (then (call $twist (local.get $st)) (local.set $pos (i32.const 0))))
        (if (i32.and (i32.ge_u (local.get $pairs) (i32.const 2)) (i32.le_u (local.get $pos) (i32.const 616)))
          (then
            (local.set $w0 (v128.load align=4 (i32.add (local.get $st) (i32.shl (local.get $pos) (i32.const 2)))))
            (local.set $w1 (v128.load offset=16 align=4 (i32.add (local.get $st) (i32.shl (local.get $pos) (i32.const 2)))))
            ;; tempering ($temper), four words at a time
            (local.set $w0 (v128.xor (local.get $w0) (i32x4.shr_u (local.get $w0) (i32.const 11))))
            (local.set $w0 (v128.xor (local.get $w0) (v128.and (i32x4.shl (local.get $w0) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
            (local.set $w0 (v128.xor (local.get $w0) (v128.and (i32x4.shl (local.get $w0) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
            (local.set $w0 (v128.xor (local.get $w0) (i32x4.shr_u (local.get $w0) (i32.const 18))))
            (local.set $w1 (v128.xor (local.get $w1) (i32x4.shr_u (local.get $w1) (i32.const 11))))
            (local.set $w1 (v128.xor (local.get $w1) (v128.and (i32x4.shl (local.get $w1) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
            (local.set $w1 (v128.xor (local.get $w1) (v128.and (i32x4.shl (local.get $w1) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
            (local.set $w1 (v128.xor (local.get $w1) (i32x4.shr_u (local.get $w1) (i32.const 18))))
            ;; attempts A = a0 a1 a2 a3, B = b0 b1 b2 b3 -> h = (a0 b0 a2 b2) >>> 5, l = (a1 b1 a3 b3) >>> 6
            (local.set $h (i32x4.shr_u (i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27 (local.get $w0) (local.get $w1)) (i32.const 5)))
            (local.set $l (i32x4.shr_u (i8x16.shuffle 4 5 6 7 20 21 22 23 12 13 14 15 28 29 30 31 (local.get $w0) (local.get $w1)) (i32.const 6)))
            ;; (h * 2^26 + l) * 2^-52 - 1 is exactly JavaScript's 2 * ((h * 2^26 + l) / 2^53) - 1
            (local.set $x1 (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $h)) (v128.const f64x2 0x1p26 0x1p26)) (f64x2.convert_low_i32x4_u (local.get $l)))
                                                 (v128.const f64x2 0x1p-52 0x1p-52)) (v128.const f64x2 1 1)))
            (local.set $x2 (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $h) (local.get $h))) (v128.const f64x2 0x1p26 0x1p26)) (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $l) (local.get $l))))
                                                 (v128.const f64x2 0x1p-52 0x1p-52)) (v128.const f64x2 1 1)))
            (local.set $s (f64x2.add (f64x2.mul (local.get $x1) (local.get $x1)) (f64x2.mul (local.get $x2) (local.get $x2))))
            (local.set $pairs (i32.sub (local.get $pairs) (i32.popcnt (i64x2.bitmask (v128.and (f64x2.lt (local.get $s) (v128.const f64x2 1 1)) (f64x2.ne (local.get $s) (v128.const f64x2 0 0)))))))
            (local.set $pos (i32.add (local.get $pos) (i32.const 8))))
          (else
            (call $attempt1 (local.get $st) (local.get $pos))
            (local.set $pos)
            (local.set $y2)
            (local.set $y1)
            (local.set $r2 (f64.add (f64.mul (local.get $y1) (local.get $y1)) (f64.mul (local.get $y2) (local.get $y2))))
            (if (i32.and (f64.lt (local.get $r2) (f64.const 1)) (f64.ne (local.get $r2) (f64.const 0)))
              (then (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))))))
        (br $next)))
    (local.get $pos))

  ;; normalPairs(st, pos, out, r2, pairs) -> pos: 2 * pairs standard normals at out, each accepted pair
  ;; as (f x2, f x1) with f = sqrt(-2 log(r2) / r2). First the rejection loop stores (x2, x1) at out and
  ;; r2 at $r2 (a rejected attempt's stores are overwritten by the next), then the logarithms run two
  ;; pairs at a time.
  (func (export "normalPairs") (param $st i32) (param $pos i32) (param $out i32) (param $r2 i32) (param $pairs i32) (result i32)
    (local $need i32) (local $o i32) (local $r i32) (local $ok i32)
    (local $w0 v128) (local $w1 v128) (local $h v128) (local $l v128) (local $x1 v128) (local $x2 v128) (local $s v128) (local $acc v128) (local $f v128)
    (local $y1 f64) (local $y2 f64) (local $t f64)
    (local.set $need (local.get $pairs))
    (local.set $o (local.get $out))
    (local.set $r (local.get $r2))
    (block $drawn
      (loop $draw
        (br_if $drawn (i32.eqz (local.get $need)))
        (if (i32.eq (local.get $pos) (i32.const 624))
          (then (call $twist (local.get $st)) (local.set $pos (i32.const 0))))
        (if (i32.and (i32.ge_u (local.get $need) (i32.const 2)) (i32.le_u (local.get $pos) (i32.const 616)))
          (then
            (local.set $w0 (v128.load align=4 (i32.add (local.get $st) (i32.shl (local.get $pos) (i32.const 2)))))
            (local.set $w1 (v128.load offset=16 align=4 (i32.add (local.get $st) (i32.shl (local.get $pos) (i32.const 2)))))
            ;; tempering ($temper), four words at a time
            (local.set $w0 (v128.xor (local.get $w0) (i32x4.shr_u (local.get $w0) (i32.const 11))))
            (local.set $w0 (v128.xor (local.get $w0) (v128.and (i32x4.shl (local.get $w0) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
            (local.set $w0 (v128.xor (local.get $w0) (v128.and (i32x4.shl (local.get $w0) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
            (local.set $w0 (v128.xor (local.get $w0) (i32x4.shr_u (local.get $w0) (i32.const 18))))
            (local.set $w1 (v128.xor (local.get $w1) (i32x4.shr_u (local.get $w1) (i32.const 11))))
            (local.set $w1 (v128.xor (local.get $w1) (v128.and (i32x4.shl (local.get $w1) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
            (local.set $w1 (v128.xor (local.get $w1) (v128.and (i32x4.shl (local.get $w1) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
            (local.set $w1 (v128.xor (local.get $w1) (i32x4.shr_u (local.get $w1) (i32.const 18))))
            ;; attempts A = a0 a1 a2 a3, B = b0 b1 b2 b3 -> h = (a0 b0 a2 b2) >>> 5, l = (a1 b1 a3 b3) >>> 6
            (local.set $h (i32x4.shr_u (i8x16.shuffle 0 1 2 3 16 17 18 19 8 9 10 11 24 25 26 27 (local.get $w0) (local.get $w1)) (i32.const 5)))
            (local.set $l (i32x4.shr_u (i8x16.shuffle 4 5 6 7 20 21 22 23 12 13 14 15 28 29 30 31 (local.get $w0) (local.get $w1)) (i32.const 6)))
            ;; (h * 2^26 + l) * 2^-52 - 1 is exactly JavaScript's 2 * ((h * 2^26 + l) / 2^53) - 1
            (local.set $x1 (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_u (local.get $h)) (v128.const f64x2 0x1p26 0x1p26)) (f64x2.convert_low_i32x4_u (local.get $l)))
                                                 (v128.const f64x2 0x1p-52 0x1p-52)) (v128.const f64x2 1 1)))
            (local.set $x2 (f64x2.sub (f64x2.mul (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $h) (local.get $h))) (v128.const f64x2 0x1p26 0x1p26)) (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $l) (local.get $l))))
                                                 (v128.const f64x2 0x1p-52 0x1p-52)) (v128.const f64x2 1 1)))
            (local.set $s (f64x2.add (f64x2.mul (local.get $x1) (local.get $x1)) (f64x2.mul (local.get $x2) (local.get $x2))))
            (local.set $acc (v128.and (f64x2.lt (local.get $s) (v128.const f64x2 1 1)) (f64x2.ne (local.get $s) (v128.const f64x2 0 0))))
            (v128.store align=8 (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x2) (local.get $x1)))
            (f64.store (local.get $r) (f64x2.extract_lane 0 (local.get $s)))
            (local.set $ok (i32.and (i32x4.extract_lane 0 (local.get $acc)) (i32.const 1)))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ok) (i32.const 4))))
            (local.set $r (i32.add (local.get $r) (i32.shl (local.get $ok) (i32.const 3))))
            (local.set $need (i32.sub (local.get $need) (local.get $ok)))
            (v128.store align=8 (local.get $o) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x2) (local.get $x1)))
            (f64.store (local.get $r) (f64x2.extract_lane 1 (local.get $s)))
            (local.set $ok (i32.and (i32x4.extract_lane 2 (local.get $acc)) (i32.const 1)))
            (local.set $o (i32.add (local.get $o) (i32.shl (local.get $ok) (i32.const 4))))
            (local.set $r (i32.add (local.get $r) (i32.shl (local.get $ok) (i32.const 3))))
            (local.set $need (i32.sub (local.get $need) (local.get $ok)))
            (local.set $pos (i32.add (local.get $pos) (i32.const 8))))
          (else
            (call $attempt1 (local.get $st) (local.get $pos))
            (local.set $pos)
            (local.set $y2)
            (local.set $y1)
            (local.set $t (f64.add (f64.mul (local.get $y1) (local.get $y1)) (f64.mul (local.get $y2) (local.get $y2))))
            (if (i32.and (f64.lt (local.get $t) (f64.const 1)) (f64.ne (local.get $t) (f64.const 0)))
              (then
                (f64.store (local.get $o) (local.get $y2))
                (f64.store offset=8 (local.get $o) (local.get $y1))
                (f64.store (local.get $r) (local.get $t))
                (local.set $o (i32.add (local.get $o) (i32.const 16)))
                (local.set $r (i32.add (local.get $r) (i32.const 8)))
                (local.set $need (i32.sub (local.get $need) (i32.const 1)))))))
        (br $draw)))
    (local.set $o (local.get $out))
    (local.set $r (local.get $r2))
    (block $scaled
      (loop $scale
        (br_if $scaled (i32.lt_u (local.get $pairs) (i32.const 2)))
        (local.set $s (v128.load align=8 (local.get $r)))
        (local.set $f (f64x2.sqrt (f64x2.div (f64x2.mul (v128.const f64x2 -2 -2) (call $logv (local.get $s))) (local.get $s))))
        (v128.store align=8 (local.get $o)
          (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $f) (local.get $f)) (v128.load align=8 (local.get $o))))
        (v128.store offset=16 align=8 (local.get $o)
          (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $f) (local.get $f)) (v128.load offset=16 align=8 (local.get $o))))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 2)))
        (br $scale)))
    (if (local.get $pairs)
      (then
        (local.set $s (v128.load64_splat align=8 (local.get $r)))
        (local.set $f (f64x2.sqrt (f64x2.div (f64x2.mul (v128.const f64x2 -2 -2) (call $logv (local.get $s))) (local.get $s))))
        (v128.store align=8 (local.get $o) (f64x2.mul (local.get $f) (v128.load align=8 (local.get $o))))))
    (local.get $pos))

  ;; ---------------------------------------------------------------------------------------------
  ;; glibc's logarithm as x86-64 glibc with FMA computes it (glibc-log.ts, which explains it), two lanes
  ;; at a time, for arguments in [2^-1022, 2^1024) (the polar method's r2 is at least 2^-104). Every
  ;; operation is glibc-log.ts's, in the same order, and $fma is its fma(); the table is at byte 0.

  ;; round(a b + c) with one rounding, per lane: Dekker's exact product uh + ul, two-sum th + tl = c + uh,
  ;; v = tl + ul rounded to odd, th + v (Boldo and Melquiond's emulation; see fma.ts).
  (func $fma (param $a v128) (param $b v128) (param $c v128) (result v128)
    (local $uh v128) (local $t v128) (local $ah v128) (local $al v128) (local $bh v128) (local $bl v128)
    (local $ul v128) (local $th v128) (local $bb v128) (local $tl v128) (local $v v128) (local $ve v128)
    (local.set $uh (f64x2.mul (local.get $a) (local.get $b)))
    (local.set $t (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $a)))
    (local.set $ah (f64x2.sub (local.get $t) (f64x2.sub (local.get $t) (local.get $a))))
    (local.set $al (f64x2.sub (local.get $a) (local.get $ah)))
    (local.set $t (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $b)))
    (local.set $bh (f64x2.sub (local.get $t) (f64x2.sub (local.get $t) (local.get $b))))
    (local.set $bl (f64x2.sub (local.get $b) (local.get $bh)))
    ;; ul = ah bh - uh + ah bl + al bh + al bl
    (local.set $ul (f64x2.add (f64x2.add (f64x2.add
      (f64x2.sub (f64x2.mul (local.get $ah) (local.get $bh)) (local.get $uh))
      (f64x2.mul (local.get $ah) (local.get $bl)))
      (f64x2.mul (local.get $al) (local.get $bh)))
      (f64x2.mul (local.get $al) (local.get $bl))))
    (local.set $th (f64x2.add (local.get $c) (local.get $uh)))
    (local.set $bb (f64x2.sub (local.get $th) (local.get $c)))
    (local.set $tl (f64x2.add (f64x2.sub (local.get $c) (f64x2.sub (local.get $th) (local.get $bb))) (f64x2.sub (local.get $uh) (local.get $bb))))
    (local.set $v (f64x2.add (local.get $tl) (local.get $ul)))
    (local.set $bb (f64x2.sub (local.get $v) (local.get $tl)))
    (local.set $ve (f64x2.add (f64x2.sub (local.get $tl) (f64x2.sub (local.get $v) (local.get $bb))) (f64x2.sub (local.get $ul) (local.get $bb))))
    ;; rounded to odd: where ve != 0 and v is even, v moves one ulp towards ve (bits + 1 away from zero
    ;; when ve has v's sign, - 1 otherwise)
    (f64x2.add (local.get $th)
      (i64x2.add (local.get $v)
        (v128.and
          (v128.and (f64x2.ne (local.get $ve) (v128.const f64x2 0 0))
                    (i64x2.eq (v128.and (local.get $v) (v128.const i64x2 1 1)) (v128.const i64x2 0 0)))
          (v128.or (i64x2.shr_s (v128.xor (local.get $v) (local.get $ve)) (i32.const 63)) (v128.const i64x2 1 1))))))

  ;; log(x) for x in [1 - 2^-4, 1 + 0x1.09p-4), every FMA emulated (glibc-log.ts exactNear1); x = 1 gives +0.
  (func $exactNear1 (param $x v128) (result v128)
    (local $r v128) (local $r2 v128) (local $r3 v128) (local $p v128) (local $u v128) (local $rhi v128)
    (local $w v128) (local $hi v128) (local $lo v128)
    (local.set $r (f64x2.sub (local.get $x) (v128.const f64x2 1 1)))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $r3 (f64x2.mul (local.get $r) (local.get $r2)))
    ;; p = fma(fma(inner, r3, fma(r2, B6, fma(r, B5, B4))), r3, fma(r2, B3, fma(r, B2, B1))),
    ;; inner = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)))
    (local.set $p
      (call $fma
        (call $fma
          (call $fma (local.get $r3) (v128.const f64x2 -0x1.5521375d145cdp-4 -0x1.5521375d145cdp-4)
            (call $fma (local.get $r2) (v128.const f64x2 0x1.78182f7afd085p-4 0x1.78182f7afd085p-4)
              (call $fma (local.get $r) (v128.const f64x2 -0x1.999eb43b068ffp-4 -0x1.999eb43b068ffp-4) (v128.const f64x2 0x1.c7184282ad6cap-4 0x1.c7184282ad6cap-4))))
          (local.get $r3)
          (call $fma (local.get $r2) (v128.const f64x2 -0x1.fffffa4423d65p-4 -0x1.fffffa4423d65p-4)
            (call $fma (local.get $r) (v128.const f64x2 0x1.24924a344de3p-3 0x1.24924a344de3p-3) (v128.const f64x2 -0x1.55555556745a7p-3 -0x1.55555556745a7p-3))))
        (local.get $r3)
        (call $fma (local.get $r2) (v128.const f64x2 0x1.999999995dd0cp-3 0x1.999999995dd0cp-3)
          (call $fma (local.get $r) (v128.const f64x2 -0x1.ffffffffffdcbp-3 -0x1.ffffffffffdcbp-3) (v128.const f64x2 0x1.5555555555577p-2 0x1.5555555555577p-2)))))
    ;; rhi = (r 2^27 + r) - r 2^27 (products by 2^27 are exact); w = rhi^2 B0, B0 = -1/2, exact
    (local.set $u (f64x2.add (f64x2.mul (local.get $r) (v128.const f64x2 0x1p27 0x1p27)) (local.get $r)))
    (local.set $rhi (f64x2.sub (local.get $u) (f64x2.mul (local.get $r) (v128.const f64x2 0x1p27 0x1p27))))
    (local.set $w (f64x2.mul (f64x2.mul (local.get $rhi) (local.get $rhi)) (v128.const f64x2 -0.5 -0.5)))
    (local.set $hi (f64x2.add (local.get $r) (local.get $w)))
    (local.set $lo (f64x2.add (f64x2.sub (local.get $r) (local.get $hi)) (local.get $w)))
    ;; lo = fma(B0 rlo, rhi + r, lo), rlo = r - rhi; result hi + fma(p, r3, lo)
    (local.set $lo (call $fma (f64x2.mul (v128.const f64x2 -0.5 -0.5) (f64x2.sub (local.get $r) (local.get $rhi)))
                              (f64x2.add (local.get $rhi) (local.get $r)) (local.get $lo)))
    (f64x2.add (local.get $hi) (call $fma (local.get $p) (local.get $r3) (local.get $lo))))

  ;; log(x), every FMA emulated (glibc-log.ts exact), both paths.
  (func $exact (param $x v128) (result v128)
    (local $tmp v128) (local $k v128) (local $kd v128) (local $z v128) (local $ia i32) (local $ib i32)
    (local $e0 v128) (local $e1 v128) (local $invc v128) (local $ich v128) (local $icl v128) (local $logc v128)
    (local $ph v128) (local $t v128) (local $zh v128) (local $zl v128) (local $r v128) (local $w v128)
    (local $hi v128) (local $lo v128) (local $r2 v128) (local $y v128) (local $near v128)
    ;; tmp = ix - 0x3fe6000000000000; i = (tmp >> 45) & 127; k = tmp >> 52 (arithmetic); z = ix - (k << 52)
    (local.set $tmp (i64x2.sub (local.get $x) (v128.const i64x2 0x3fe6000000000000 0x3fe6000000000000)))
    (local.set $k (i64x2.shr_s (local.get $tmp) (i32.const 52)))
    (local.set $z (i64x2.sub (local.get $x) (i64x2.shl (local.get $k) (i32.const 52))))
    ;; kd = (double) k through 0x1.8p52 + k (exact for |k| < 2^51)
    (local.set $kd (f64x2.sub (i64x2.add (local.get $k) (v128.const i64x2 0x4338000000000000 0x4338000000000000))
                              (v128.const f64x2 0x1.8p52 0x1.8p52)))
    ;; entry i at byte 32 i: (invc, invc_hi), (invc_lo, logc)
    (local.set $ia (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 0 (i64x2.shr_u (local.get $tmp) (i32.const 45)))) (i32.const 127)) (i32.const 5)))
    (local.set $ib (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 1 (i64x2.shr_u (local.get $tmp) (i32.const 45)))) (i32.const 127)) (i32.const 5)))
    (local.set $e0 (v128.load align=8 (local.get $ia)))
    (local.set $e1 (v128.load align=8 (local.get $ib)))
    (local.set $invc (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $e0) (local.get $e1)))
    (local.set $ich (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $e0) (local.get $e1)))
    (local.set $e0 (v128.load offset=16 align=8 (local.get $ia)))
    (local.set $e1 (v128.load offset=16 align=8 (local.get $ib)))
    (local.set $icl (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $e0) (local.get $e1)))
    (local.set $logc (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $e0) (local.get $e1)))
    ;; r = fma(z, invc, -1) = (ph - 1) + pl, ph + pl = z invc exactly
    (local.set $ph (f64x2.mul (local.get $z) (local.get $invc)))
    (local.set $t (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $z)))
    (local.set $zh (f64x2.sub (local.get $t) (f64x2.sub (local.get $t) (local.get $z))))
    (local.set $zl (f64x2.sub (local.get $z) (local.get $zh)))
    (local.set $r (f64x2.add (f64x2.sub (local.get $ph) (v128.const f64x2 1 1))
      (f64x2.add (f64x2.add (f64x2.add
        (f64x2.sub (f64x2.mul (local.get $zh) (local.get $ich)) (local.get $ph))
        (f64x2.mul (local.get $zh) (local.get $icl)))
        (f64x2.mul (local.get $zl) (local.get $ich)))
        (f64x2.mul (local.get $zl) (local.get $icl)))))
    ;; w = kd ln2_hi + logc (exact product); hi = w + r; lo = fma(kd, ln2_lo, w - hi + r)
    (local.set $w (f64x2.add (f64x2.mul (local.get $kd) (v128.const f64x2 0x1.62e42fefa3800p-1 0x1.62e42fefa3800p-1)) (local.get $logc)))
    (local.set $hi (f64x2.add (local.get $w) (local.get $r)))
    (local.set $lo (call $fma (local.get $kd) (v128.const f64x2 0x1.ef35793c76730p-45 0x1.ef35793c76730p-45)
                              (f64x2.add (f64x2.sub (local.get $w) (local.get $hi)) (local.get $r))))
    ;; fma(r3, fma(fma(r, A4, A3), r2, fma(r, A2, A1)), fma(r2, A0, lo)) + hi
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $y (f64x2.add
      (call $fma (f64x2.mul (local.get $r) (local.get $r2))
        (call $fma (call $fma (local.get $r) (v128.const f64x2 -0x1.55575e506c89fp-3 -0x1.55575e506c89fp-3) (v128.const f64x2 0x1.999b324f10111p-3 0x1.999b324f10111p-3))
                   (local.get $r2)
                   (call $fma (local.get $r) (v128.const f64x2 -0x1.fffffffeb459p-3 -0x1.fffffffeb459p-3) (v128.const f64x2 0x1.555555551305bp-2 0x1.555555551305bp-2)))
        (call $fma (local.get $r2) (v128.const f64x2 -0x1.0000000000001p-1 -0x1.0000000000001p-1) (local.get $lo)))
      (local.get $hi)))
    ;; lanes in [1 - 2^-4, 1 + 0x1.09p-4) (about 6% of the polar method's) take the other path
    (local.set $near (v128.and (f64x2.ge (local.get $x) (v128.const f64x2 0.9375 0.9375))
                               (f64x2.lt (local.get $x) (v128.const f64x2 0x1.109p0 0x1.109p0))))
    (if (result v128) (v128.any_true (local.get $near))
      (then (v128.bitselect (call $exactNear1 (local.get $x)) (local.get $y) (local.get $near)))
      (else (local.get $y))))

  ;; glibc-log.ts fastNear1 without its test: hi, y and the bound e on |y - y_glibc|.
  (func $fastNear1 (param $x v128) (result v128 v128 v128)
    (local $r v128) (local $r2 v128) (local $r3 v128) (local $p v128) (local $u v128) (local $rhi v128)
    (local $w v128) (local $hi v128) (local $es v128) (local $lo v128) (local $y v128)
    (local.set $r (f64x2.sub (local.get $x) (v128.const f64x2 1 1)))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $r3 (f64x2.mul (local.get $r) (local.get $r2)))
    ;; p = B1 + r B2 + r2 B3 + r3 (B4 + r B5 + r2 B6 + r3 (B7 + r B8 + r2 B9 + r3 B10)), left to right
    (local.set $p
      (f64x2.add (f64x2.add (f64x2.add (v128.const f64x2 0x1.5555555555577p-2 0x1.5555555555577p-2)
            (f64x2.mul (local.get $r) (v128.const f64x2 -0x1.ffffffffffdcbp-3 -0x1.ffffffffffdcbp-3)))
          (f64x2.mul (local.get $r2) (v128.const f64x2 0x1.999999995dd0cp-3 0x1.999999995dd0cp-3)))
        (f64x2.mul (local.get $r3)
          (f64x2.add (f64x2.add (f64x2.add (v128.const f64x2 -0x1.55555556745a7p-3 -0x1.55555556745a7p-3)
                (f64x2.mul (local.get $r) (v128.const f64x2 0x1.24924a344de3p-3 0x1.24924a344de3p-3)))
              (f64x2.mul (local.get $r2) (v128.const f64x2 -0x1.fffffa4423d65p-4 -0x1.fffffa4423d65p-4)))
            (f64x2.mul (local.get $r3)
              (f64x2.add (f64x2.add (f64x2.add (v128.const f64x2 0x1.c7184282ad6cap-4 0x1.c7184282ad6cap-4)
                    (f64x2.mul (local.get $r) (v128.const f64x2 -0x1.999eb43b068ffp-4 -0x1.999eb43b068ffp-4)))
                  (f64x2.mul (local.get $r2) (v128.const f64x2 0x1.78182f7afd085p-4 0x1.78182f7afd085p-4)))
                (f64x2.mul (local.get $r3) (v128.const f64x2 -0x1.5521375d145cdp-4 -0x1.5521375d145cdp-4))))))))
    (local.set $u (f64x2.add (f64x2.mul (local.get $r) (v128.const f64x2 0x1p27 0x1p27)) (local.get $r)))
    (local.set $rhi (f64x2.sub (local.get $u) (f64x2.mul (local.get $r) (v128.const f64x2 0x1p27 0x1p27))))
    (local.set $w (f64x2.mul (f64x2.mul (local.get $rhi) (local.get $rhi)) (v128.const f64x2 -0.5 -0.5)))
    (local.set $hi (f64x2.add (local.get $r) (local.get $w)))
    ;; es = B0 (r - rhi) (rhi + r); lo = r - hi + w + es; y = p r3 + lo
    (local.set $es (f64x2.mul (f64x2.mul (v128.const f64x2 -0.5 -0.5) (f64x2.sub (local.get $r) (local.get $rhi)))
                              (f64x2.add (local.get $rhi) (local.get $r))))
    (local.set $lo (f64x2.add (f64x2.add (f64x2.sub (local.get $r) (local.get $hi)) (local.get $w)) (local.get $es)))
    (local.set $y (f64x2.add (f64x2.mul (local.get $p) (local.get $r3)) (local.get $lo)))
    (local.get $hi)
    (local.get $y)
    ;; e = (|r3| + |y| + |lo| + |es|) 2^-50
    (f64x2.mul (f64x2.add (f64x2.add (f64x2.add (f64x2.abs (local.get $r3)) (f64x2.abs (local.get $y))) (f64x2.abs (local.get $lo))) (f64x2.abs (local.get $es)))
               (v128.const f64x2 0x1p-50 0x1p-50)))

  ;; glibc's log, fast: glibc-log.ts fast() on both lanes (plain operations where glibc has FMAs, then
  ;; the rounding test); when the test fails in either lane (about 0.4% of the polar method's pairs of
  ;; arguments), both lanes are recomputed by $exact.
  (func $logv (param $x v128) (result v128)
    (local $tmp v128) (local $k v128) (local $kd v128) (local $z v128) (local $ia i32) (local $ib i32)
    (local $e0 v128) (local $e1 v128) (local $invc v128) (local $ich v128) (local $icl v128) (local $logc v128)
    (local $ph v128) (local $t v128) (local $zh v128) (local $zl v128) (local $r v128) (local $w v128)
    (local $hi v128) (local $lo v128) (local $r2 v128) (local $y v128) (local $e v128) (local $near v128)
    (local $hiN v128) (local $yN v128) (local $eN v128) (local $a v128)
    (local.set $tmp (i64x2.sub (local.get $x) (v128.const i64x2 0x3fe6000000000000 0x3fe6000000000000)))
    (local.set $k (i64x2.shr_s (local.get $tmp) (i32.const 52)))
    (local.set $z (i64x2.sub (local.get $x) (i64x2.shl (local.get $k) (i32.const 52))))
    (local.set $kd (f64x2.sub (i64x2.add (local.get $k) (v128.const i64x2 0x4338000000000000 0x4338000000000000))
                              (v128.const f64x2 0x1.8p52 0x1.8p52)))
    (local.set $ia (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 0 (i64x2.shr_u (local.get $tmp) (i32.const 45)))) (i32.const 127)) (i32.const 5)))
    (local.set $ib (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 1 (i64x2.shr_u (local.get $tmp) (i32.const 45)))) (i32.const 127)) (i32.const 5)))
    (local.set $e0 (v128.load align=8 (local.get $ia)))
    (local.set $e1 (v128.load align=8 (local.get $ib)))
    (local.set $invc (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $e0) (local.get $e1)))
    (local.set $ich (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $e0) (local.get $e1)))
    (local.set $e0 (v128.load offset=16 align=8 (local.get $ia)))
    (local.set $e1 (v128.load offset=16 align=8 (local.get $ib)))
    (local.set $icl (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $e0) (local.get $e1)))
    (local.set $logc (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $e0) (local.get $e1)))
    ;; r exactly as glibc's fma(z, invc, -1) (see $exact)
    (local.set $ph (f64x2.mul (local.get $z) (local.get $invc)))
    (local.set $t (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $z)))
    (local.set $zh (f64x2.sub (local.get $t) (f64x2.sub (local.get $t) (local.get $z))))
    (local.set $zl (f64x2.sub (local.get $z) (local.get $zh)))
    (local.set $r (f64x2.add (f64x2.sub (local.get $ph) (v128.const f64x2 1 1))
      (f64x2.add (f64x2.add (f64x2.add
        (f64x2.sub (f64x2.mul (local.get $zh) (local.get $ich)) (local.get $ph))
        (f64x2.mul (local.get $zh) (local.get $icl)))
        (f64x2.mul (local.get $zl) (local.get $ich)))
        (f64x2.mul (local.get $zl) (local.get $icl)))))
    (local.set $w (f64x2.add (f64x2.mul (local.get $kd) (v128.const f64x2 0x1.62e42fefa3800p-1 0x1.62e42fefa3800p-1)) (local.get $logc)))
    (local.set $hi (f64x2.add (local.get $w) (local.get $r)))
    ;; lo = kd ln2_lo + (w - hi + r)
    (local.set $lo (f64x2.add (f64x2.mul (local.get $kd) (v128.const f64x2 0x1.ef35793c76730p-45 0x1.ef35793c76730p-45))
                              (f64x2.add (f64x2.sub (local.get $w) (local.get $hi)) (local.get $r))))
    ;; y = r r2 ((r A4 + A3) r2 + (r A2 + A1)) + (r2 A0 + lo)
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $y (f64x2.add
      (f64x2.mul (f64x2.mul (local.get $r) (local.get $r2))
        (f64x2.add (f64x2.mul (f64x2.add (f64x2.mul (local.get $r) (v128.const f64x2 -0x1.55575e506c89fp-3 -0x1.55575e506c89fp-3)) (v128.const f64x2 0x1.999b324f10111p-3 0x1.999b324f10111p-3))
                              (local.get $r2))
                   (f64x2.add (f64x2.mul (local.get $r) (v128.const f64x2 -0x1.fffffffeb459p-3 -0x1.fffffffeb459p-3)) (v128.const f64x2 0x1.555555551305bp-2 0x1.555555551305bp-2))))
      (f64x2.add (f64x2.mul (local.get $r2) (v128.const f64x2 -0x1.0000000000001p-1 -0x1.0000000000001p-1)) (local.get $lo))))
    ;; e = (|y| + r2 + |lo| + |kd| 2^-44 + |hi| 2^-53) 2^-48
    (local.set $e (f64x2.mul
      (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.abs (local.get $y)) (local.get $r2)) (f64x2.abs (local.get $lo)))
                            (f64x2.mul (f64x2.abs (local.get $kd)) (v128.const f64x2 0x1p-44 0x1p-44)))
                 (f64x2.mul (f64x2.abs (local.get $hi)) (v128.const f64x2 0x1p-53 0x1p-53)))
      (v128.const f64x2 0x1p-48 0x1p-48)))
    ;; lanes in [1 - 2^-4, 1 + 0x1.09p-4) (about 6% of the polar method's) take the other path
    (local.set $near (v128.and (f64x2.ge (local.get $x) (v128.const f64x2 0.9375 0.9375))
                               (f64x2.lt (local.get $x) (v128.const f64x2 0x1.109p0 0x1.109p0))))
    (if (v128.any_true (local.get $near))
      (then
        (call $fastNear1 (local.get $x))
        (local.set $eN)
        (local.set $yN)
        (local.set $hiN)
        (local.set $hi (v128.bitselect (local.get $hiN) (local.get $hi) (local.get $near)))
        (local.set $y (v128.bitselect (local.get $yN) (local.get $y) (local.get $near)))
        (local.set $e (v128.bitselect (local.get $eN) (local.get $e) (local.get $near)))))
    ;; the rounding test: round(hi + (y - e)) == round(hi + (y + e)) in both lanes (x = 1 gives 0 + 0)
    (local.set $a (f64x2.add (local.get $hi) (f64x2.sub (local.get $y) (local.get $e))))
    (if (result v128) (i64x2.all_true (f64x2.eq (local.get $a) (f64x2.add (local.get $hi) (f64x2.add (local.get $y) (local.get $e)))))
      (then (local.get $a))
      (else (call $exact (local.get $x)))))

  ;; log(x): the same logarithm for one argument in [2^-1022, 2^1024), and its exact path alone (for tests).
  (func (export "log") (param $x f64) (result f64)
    (f64x2.extract_lane 0 (call $logv (f64x2.splat (local.get $x)))))
  (func (export "logExact") (param $x f64) (result f64)
    (f64x2.extract_lane 0 (call $exact (f64x2.splat (local.get $x)))))
)
