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
;; bytes [0, 16416) hold the log table, 513 entries of 32 bytes (c, log(c) hi, log(c) lo, unused).
;;
;; The vector loops spell out the tempering and the assembly of doubles where they are used instead of
;; calling helpers: V8 (Node 20) does not inline WebAssembly calls, and the calls made random_sample
;; 2x and standard_normal 1.3x slower (measured with and without --experimental-wasm-inlining).
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
  ;; The correctly rounded logarithm of log.ts, two lanes at a time, for arguments in [2^-1022, 1)
  ;; (the polar method's r2 is at least 2^-104). Every line is log.ts's, in the same order; 2^-k is
  ;; built from its exponent bits instead of read from a table (the same exact value), and the
  ;; branch on j >= 256 becomes a multiplication by 0.5 or 1 (exact either way).
  (func $logv (param $x v128) (result v128)
    (local $e v128) (local $j v128) (local $sel v128) (local $k v128) (local $m v128) (local $ja i32) (local $jb i32)
    (local $c v128) (local $lh v128) (local $ll v128) (local $d v128) (local $sh v128) (local $sl v128) (local $q v128)
    (local $t v128) (local $qh v128) (local $ql v128) (local $shh v128) (local $shl v128) (local $ph v128) (local $pl v128)
    (local $fl v128) (local $t2 v128) (local $small v128) (local $a0 v128) (local $a v128) (local $bb v128) (local $ea v128)
    (local $q2 v128) (local $b v128) (local $eb v128)
    (local.set $e (i64x2.shr_u (local.get $x) (i32.const 52)))
    ;; j = (((hw >>> 10) & 1023) + 1) >>> 1, hw the high word
    (local.set $j (i64x2.shr_u
      (i64x2.add (v128.and (i64x2.shr_u (local.get $x) (i32.const 42)) (v128.const i64x2 1023 1023)) (v128.const i64x2 1 1))
      (i32.const 1)))
    (local.set $sel (i64x2.gt_s (local.get $j) (v128.const i64x2 255 255)))
    ;; k = e - 1023 (+ 1 when halved), exactly, through 2^52 + e
    (local.set $k (f64x2.add
      (f64x2.sub (v128.or (local.get $e) (v128.const i64x2 0x4330000000000000 0x4330000000000000)) (v128.const f64x2 0x1.00000000003ffp+52 0x1.00000000003ffp+52))
      (v128.and (local.get $sel) (v128.const f64x2 1 1))))
    (local.set $m (f64x2.mul (local.get $x) (i64x2.shl (i64x2.sub (v128.const i64x2 2046 2046) (local.get $e)) (i32.const 52))))
    (local.set $m (f64x2.mul (local.get $m) (v128.bitselect (v128.const f64x2 0.5 0.5) (v128.const f64x2 1 1) (local.get $sel))))
    (local.set $ja (i32.shl (i32x4.extract_lane 0 (local.get $j)) (i32.const 5)))
    (local.set $jb (i32.shl (i32x4.extract_lane 2 (local.get $j)) (i32.const 5)))
    (local.set $c (v128.load align=8 (local.get $ja)))
    (local.set $lh (v128.load align=8 (local.get $jb)))
    (local.set $ll (f64x2.replace_lane 1 (v128.load64_splat offset=16 align=8 (local.get $ja)) (f64.load offset=16 (local.get $jb))))
    (local.set $t (local.get $c))
    (local.set $c (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t) (local.get $lh)))
    (local.set $lh (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t) (local.get $lh)))
    ;; f = (m - c) / (m + c) as q + fl
    (local.set $d (f64x2.sub (local.get $m) (local.get $c)))
    (local.set $sh (f64x2.add (local.get $m) (local.get $c)))
    (local.set $sl (f64x2.sub (local.get $m) (f64x2.sub (local.get $sh) (local.get $c))))
    (local.set $q (f64x2.div (local.get $d) (local.get $sh)))
    (local.set $t (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $q)))
    (local.set $qh (f64x2.sub (local.get $t) (f64x2.sub (local.get $t) (local.get $q))))
    (local.set $ql (f64x2.sub (local.get $q) (local.get $qh)))
    (local.set $t (f64x2.mul (v128.const f64x2 134217729 134217729) (local.get $sh)))
    (local.set $shh (f64x2.sub (local.get $t) (f64x2.sub (local.get $t) (local.get $sh))))
    (local.set $shl (f64x2.sub (local.get $sh) (local.get $shh)))
    (local.set $ph (f64x2.mul (local.get $q) (local.get $sh)))
    ;; pl = qh shh - ph + qh shl + ql shh + ql shl
    (local.set $pl (f64x2.add (f64x2.add (f64x2.add
      (f64x2.sub (f64x2.mul (local.get $qh) (local.get $shh)) (local.get $ph))
      (f64x2.mul (local.get $qh) (local.get $shl)))
      (f64x2.mul (local.get $ql) (local.get $shh)))
      (f64x2.mul (local.get $ql) (local.get $shl))))
    ;; fl = (d - ph - pl - q sl) / sh
    (local.set $fl (f64x2.div
      (f64x2.sub (f64x2.sub (f64x2.sub (local.get $d) (local.get $ph)) (local.get $pl)) (f64x2.mul (local.get $q) (local.get $sl)))
      (local.get $sh)))
    ;; small = 2 fl + (2 q t2 (1/3 + t2 (0.2 + t2 / 7)) + 2 t2 fl), t2 = q^2
    (local.set $t2 (f64x2.mul (local.get $q) (local.get $q)))
    (local.set $small (f64x2.add
      (f64x2.mul (v128.const f64x2 2 2) (local.get $fl))
      (f64x2.add
        (f64x2.mul
          (f64x2.mul (f64x2.mul (v128.const f64x2 2 2) (local.get $q)) (local.get $t2))
          (f64x2.add (v128.const f64x2 0x1.5555555555555p-2 0x1.5555555555555p-2)
            (f64x2.mul (local.get $t2)
              (f64x2.add (v128.const f64x2 0x1.999999999999ap-3 0x1.999999999999ap-3)
                (f64x2.mul (local.get $t2) (v128.const f64x2 0x1.2492492492492p-3 0x1.2492492492492p-3))))))
        (f64x2.mul (f64x2.mul (v128.const f64x2 2 2) (local.get $t2)) (local.get $fl)))))
    ;; k ln2 + log c + 2q in double-double, one rounding at the end
    (local.set $a0 (f64x2.mul (local.get $k) (v128.const f64x2 0x1.62e42fefa38p-1 0x1.62e42fefa38p-1)))
    (local.set $a (f64x2.add (local.get $a0) (local.get $lh)))
    (local.set $bb (f64x2.sub (local.get $a) (local.get $a0)))
    (local.set $ea (f64x2.add (f64x2.sub (local.get $a0) (f64x2.sub (local.get $a) (local.get $bb))) (f64x2.sub (local.get $lh) (local.get $bb))))
    (local.set $q2 (f64x2.mul (v128.const f64x2 2 2) (local.get $q)))
    (local.set $b (f64x2.add (local.get $a) (local.get $q2)))
    (local.set $bb (f64x2.sub (local.get $b) (local.get $a)))
    (local.set $eb (f64x2.add (f64x2.sub (local.get $a) (f64x2.sub (local.get $b) (local.get $bb))) (f64x2.sub (local.get $q2) (local.get $bb))))
    (f64x2.add (local.get $b)
      (f64x2.add
        (f64x2.add (f64x2.add (local.get $ea) (local.get $eb)) (local.get $small))
        (f64x2.add (f64x2.mul (local.get $k) (v128.const f64x2 0x1.ef35793c7673p-45 0x1.ef35793c7673p-45)) (local.get $ll)))))

  ;; logUnit(x): the same logarithm for one argument in [2^-1022, 1) (exported for tests).
  (func (export "logUnit") (param $x f64) (result f64)
    (f64x2.extract_lane 0 (call $logv (f64x2.splat (local.get $x)))))
)
