;; Sigmoid trainer kernels: WebAssembly with 128-bit SIMD (f64x2). Compiled into kernels-wasm.ts by
;; packages/trainer/scripts/build-wasm.ts (wabt); src/wasm/window.test.ts checks the two agree.
;;
;; All pointers are byte offsets into the imported memory. Matrices are Float64: row-major for the
;; shuffle window, column-major (one column every `stride` bytes) for a staged chunk of an Arrow batch.
;; exp is computed here, two lanes at a time ($exp2v); Math.log is imported (called once per call of
;; a kernel for unit weights, once per row for weighted rows).
(module
  (import "env" "memory" (memory 1))
  (import "math" "log" (func $log (param f64) (result f64)))

  ;; scatter(cols, stride, n, d, dest, X, ys, Y, ss, S): staged row i (column j at cols + j*stride + 8i)
  ;; becomes row dest[i] of the row-major window X (d columns); ys[i] -> Y[dest[i]] (Int32), and when
  ;; ss != 0, ss[i] -> S[dest[i]] (Float64). Rows with dest[i] < 0 are skipped (held out).
  (func (export "scatter")
    (param $cols i32) (param $stride i32) (param $n i32) (param $d i32) (param $dest i32)
    (param $X i32) (param $ys i32) (param $Y i32) (param $ss i32) (param $S i32)
    (local $i i32) (local $j i32) (local $pa i32) (local $pb i32) (local $ra i32) (local $rb i32)
    (local $c i32) (local $u v128) (local $v v128) (local $d2 i32) (local $rowBytes i32) (local $stride2 i32)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $d2 (i32.and (local.get $d) (i32.const -2)))
    (local.set $stride2 (i32.shl (local.get $stride) (i32.const 1)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $pa (i32.load (i32.add (local.get $dest) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $pb (i32.const -1))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $n))
          (then (local.set $pb (i32.load offset=4 (i32.add (local.get $dest) (i32.shl (local.get $i) (i32.const 2)))))))
        (if (i32.and (i32.ge_s (local.get $pa) (i32.const 0)) (i32.ge_s (local.get $pb) (i32.const 0)))
          (then
            ;; Two rows at once: a 16-byte load per column holds both rows' values; two columns are
            ;; interleaved into one 16-byte store per row.
            (local.set $ra (i32.add (local.get $X) (i32.mul (local.get $pa) (local.get $rowBytes))))
            (local.set $rb (i32.add (local.get $X) (i32.mul (local.get $pb) (local.get $rowBytes))))
            (local.set $c (i32.add (local.get $cols) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $j (i32.const 0))
            (block $pairsDone
              (loop $pairs
                (br_if $pairsDone (i32.ge_s (local.get $j) (local.get $d2)))
                (local.set $u (v128.load align=8 (local.get $c)))
                (local.set $v (v128.load align=8 (i32.add (local.get $c) (local.get $stride))))
                (v128.store align=8 (local.get $ra)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $u) (local.get $v)))
                (v128.store align=8 (local.get $rb)
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $u) (local.get $v)))
                (local.set $ra (i32.add (local.get $ra) (i32.const 16)))
                (local.set $rb (i32.add (local.get $rb) (i32.const 16)))
                (local.set $c (i32.add (local.get $c) (local.get $stride2)))
                (local.set $j (i32.add (local.get $j) (i32.const 2)))
                (br $pairs)))
            (if (i32.lt_s (local.get $j) (local.get $d))
              (then
                (f64.store (local.get $ra) (f64.load (local.get $c)))
                (f64.store (local.get $rb) (f64.load offset=8 (local.get $c)))))
            (i32.store (i32.add (local.get $Y) (i32.shl (local.get $pa) (i32.const 2)))
              (i32.load (i32.add (local.get $ys) (i32.shl (local.get $i) (i32.const 2)))))
            (i32.store (i32.add (local.get $Y) (i32.shl (local.get $pb) (i32.const 2)))
              (i32.load offset=4 (i32.add (local.get $ys) (i32.shl (local.get $i) (i32.const 2)))))
            (if (local.get $ss)
              (then
                (f64.store (i32.add (local.get $S) (i32.shl (local.get $pa) (i32.const 3)))
                  (f64.load (i32.add (local.get $ss) (i32.shl (local.get $i) (i32.const 3)))))
                (f64.store (i32.add (local.get $S) (i32.shl (local.get $pb) (i32.const 3)))
                  (f64.load offset=8 (i32.add (local.get $ss) (i32.shl (local.get $i) (i32.const 3)))))))
            (local.set $i (i32.add (local.get $i) (i32.const 2))))
          (else
            (if (i32.ge_s (local.get $pa) (i32.const 0))
              (then
                (local.set $ra (i32.add (local.get $X) (i32.mul (local.get $pa) (local.get $rowBytes))))
                (local.set $c (i32.add (local.get $cols) (i32.shl (local.get $i) (i32.const 3))))
                (local.set $j (i32.const 0))
                (block $oneDone
                  (loop $one
                    (br_if $oneDone (i32.ge_s (local.get $j) (local.get $d)))
                    (f64.store (local.get $ra) (f64.load (local.get $c)))
                    (local.set $ra (i32.add (local.get $ra) (i32.const 8)))
                    (local.set $c (i32.add (local.get $c) (local.get $stride)))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $one)))
                (i32.store (i32.add (local.get $Y) (i32.shl (local.get $pa) (i32.const 2)))
                  (i32.load (i32.add (local.get $ys) (i32.shl (local.get $i) (i32.const 2)))))
                (if (local.get $ss)
                  (then
                    (f64.store (i32.add (local.get $S) (i32.shl (local.get $pa) (i32.const 3)))
                      (f64.load (i32.add (local.get $ss) (i32.shl (local.get $i) (i32.const 3)))))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))))
        (br $rows))))

;; permutation(a, n, st): a[0..n) = 0, 1, ..., n - 1 (Int32); then, when st != 0, shuffled in place
  ;; (Fisher-Yates: for i = n-1 .. 1, swap a[i] and a[draw(i + 1)]) by the xoshiro128** generator whose
  ;; four uint32 words are at st (updated). draw(b) is uniform in [0, b): for b <= 2^21 Lemire's
  ;; multiply-shift (x b = hi 2^32 + lo; hi unless lo < (2^32 mod b)), above by rejection of
  ;; x >= 2^32 - (2^32 mod b), then x mod b. The same draws as the JavaScript reference
  ;; (src/test-support/shuffle-reference.ts), checked by window.test.ts.
  (func (export "permutation") (param $a i32) (param $n i32) (param $st i32)
    (local $i i32) (local $j i32) (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $x i32) (local $t i32) (local $b i64) (local $m i64) (local $lo i64) (local $p i32) (local $q i32)
    (block $iotaDone
      (loop $iota
        (br_if $iotaDone (i32.ge_s (local.get $i) (local.get $n)))
        (i32.store (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iota)))
    (if (i32.eqz (local.get $st)) (then (return)))
    (local.set $s0 (i32.load offset=0 (local.get $st)))
    (local.set $s1 (i32.load offset=4 (local.get $st)))
    (local.set $s2 (i32.load offset=8 (local.get $st)))
    (local.set $s3 (i32.load offset=12 (local.get $st)))
    (local.set $i (i32.sub (local.get $n) (i32.const 1)))
    (block $done
      (loop $swaps
        (br_if $done (i32.le_s (local.get $i) (i32.const 0)))
        (local.set $b (i64.extend_i32_u (i32.add (local.get $i) (i32.const 1))))
        (block $drawn
          (loop $draw
            ;; xoshiro128**: x = rotl(s1 * 5, 7) * 9, then the state transition
            (local.set $x (i32.mul (i32.rotl (i32.mul (local.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
            (local.set $t (i32.shl (local.get $s1) (i32.const 9)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i32.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i32.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i32.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i32.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i32.rotl (local.get $s3) (i32.const 11)))
            (if (i64.le_u (local.get $b) (i64.const 0x200000))
              (then
                (local.set $m (i64.mul (i64.extend_i32_u (local.get $x)) (local.get $b)))
                (local.set $lo (i64.and (local.get $m) (i64.const 0xffffffff)))
                ;; (2^32 mod b, a division, only when lo < b: rarely)
                (if (if (result i32) (i64.ge_u (local.get $lo) (local.get $b))
                      (then (i32.const 1))
                      (else (i64.ge_u (local.get $lo) (i64.rem_u (i64.const 0x100000000) (local.get $b)))))
                  (then
                    (local.set $j (i32.wrap_i64 (i64.shr_u (local.get $m) (i64.const 32))))
                    (br $drawn))))
              (else
                (if (i64.lt_u (i64.extend_i32_u (local.get $x))
                              (i64.sub (i64.const 0x100000000) (i64.rem_u (i64.const 0x100000000) (local.get $b))))
                  (then
                    (local.set $j (i32.wrap_i64 (i64.rem_u (i64.extend_i32_u (local.get $x)) (local.get $b))))
                    (br $drawn)))))
            (br $draw)))
        (local.set $p (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $q (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $t (i32.load (local.get $p)))
        (i32.store (local.get $p) (i32.load (local.get $q)))
        (i32.store (local.get $q) (local.get $t))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $swaps)))
    (i32.store offset=0 (local.get $st) (local.get $s0))
    (i32.store offset=4 (local.get $st) (local.get $s1))
    (i32.store offset=8 (local.get $st) (local.get $s2))
    (i32.store offset=12 (local.get $st) (local.get $s3)))

  ;; binary(X, Y, S, start, n, d, w, g) -> sum_i s_i logloss_i over rows [start, start + n) of the
  ;; row-major X; adds sum_i s_i (p_i - y_i) x_i to g[0..d) and the intercept part to g[d]. w[d] is the
  ;; intercept. Rows go four at a time (each load of w and each load/store of g serves four rows), then
  ;; one at a time. p_i - y_i from e = exp(-|z|): 1/(1+e) or e/(1+e), one division.
  ;; S = 0: unit weights; the log terms are summed as the log of a running product of (1 + e_i) <= 2,
  ;; whose exponent is moved out every 64 blocks (so one Math.log per call). Otherwise per-row weights
  ;; S[i] and log1p(e) = log(u) e / (u - 1), u = 1 + e (a few ulps).
  (global $prod (mut f64) (f64.const 1))
  (global $expo (mut i64) (i64.const 0))
  (func $renormaliseProduct
    (local $bits i64)
    (local.set $bits (i64.reinterpret_f64 (global.get $prod)))
    (global.set $expo (i64.add (global.get $expo) (i64.sub (i64.shr_u (local.get $bits) (i64.const 52)) (i64.const 1023))))
    (global.set $prod (f64.reinterpret_i64 (i64.or (i64.and (local.get $bits) (i64.const 0x000fffffffffffff)) (i64.const 0x3ff0000000000000)))))

  (func $binary (export "binary")
    (param $X i32) (param $Y i32) (param $S i32) (param $start i32) (param $n i32) (param $d i32) (param $w i32) (param $g i32)
    (result f64)
    (local $r i32) (local $end i32) (local $rowBytes i32) (local $d2 i32) (local $j i32) (local $off i32) (local $count i32)
    (local $xa i32) (local $xb i32) (local $xc i32) (local $xd i32)
    (local $accA v128) (local $accB v128) (local $accC v128) (local $accD v128) (local $wv v128) (local $ev v128)
    (local $rav v128) (local $rbv v128) (local $rcv v128) (local $rdv v128)
    (local $b f64) (local $wl f64) (local $q f64) (local $s f64) (local $gb f64) (local $lin f64) (local $prod f64)
    (local $za f64) (local $zb f64) (local $zc f64) (local $zd f64)
    (local $ea f64) (local $eb f64) (local $ec f64) (local $ed f64)
    (local $ya f64) (local $yb f64) (local $yc f64) (local $yd f64)
    (local $resa f64) (local $resb f64) (local $resc f64) (local $resd f64)
    (local $ma f64) (local $mb f64) (local $mc f64) (local $md f64)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $d2 (i32.and (local.get $d) (i32.const -2)))
    (local.set $b (f64.load (i32.add (local.get $w) (local.get $rowBytes))))
    (global.set $prod (f64.const 1))
    (global.set $expo (i64.const 0))
    (local.set $prod (f64.const 1))
    (local.set $r (local.get $start))
    (local.set $end (i32.add (local.get $start) (local.get $n)))
    (block $quadDone
      (loop $quad
        (br_if $quadDone (i32.gt_s (i32.add (local.get $r) (i32.const 4)) (local.get $end)))
        (local.set $xa (i32.add (local.get $X) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $xb (i32.add (local.get $xa) (local.get $rowBytes)))
        (local.set $xc (i32.add (local.get $xb) (local.get $rowBytes)))
        (local.set $xd (i32.add (local.get $xc) (local.get $rowBytes)))
        (local.set $accA (f64x2.splat (f64.const 0)))
        (local.set $accB (f64x2.splat (f64.const 0)))
        (local.set $accC (f64x2.splat (f64.const 0)))
        (local.set $accD (f64x2.splat (f64.const 0)))
        (local.set $j (i32.const 0))
        ;; margins, sharing each 16-byte load of w between the rows
        (block $quadMDone
          (loop $quadM
            (br_if $quadMDone (i32.ge_s (local.get $j) (local.get $d2)))
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (local.set $wv (v128.load align=8 (i32.add (local.get $w) (local.get $off))))
            (local.set $accA (f64x2.add (local.get $accA) (f64x2.mul (local.get $wv) (v128.load align=8 (i32.add (local.get $xa) (local.get $off))))))
            (local.set $accB (f64x2.add (local.get $accB) (f64x2.mul (local.get $wv) (v128.load align=8 (i32.add (local.get $xb) (local.get $off))))))
            (local.set $accC (f64x2.add (local.get $accC) (f64x2.mul (local.get $wv) (v128.load align=8 (i32.add (local.get $xc) (local.get $off))))))
            (local.set $accD (f64x2.add (local.get $accD) (f64x2.mul (local.get $wv) (v128.load align=8 (i32.add (local.get $xd) (local.get $off))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $quadM)))
        (local.set $za (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $accA)) (f64x2.extract_lane 1 (local.get $accA)))))
        (local.set $zb (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $accB)) (f64x2.extract_lane 1 (local.get $accB)))))
        (local.set $zc (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $accC)) (f64x2.extract_lane 1 (local.get $accC)))))
        (local.set $zd (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $accD)) (f64x2.extract_lane 1 (local.get $accD)))))
        (if (i32.lt_s (local.get $j) (local.get $d))
          (then
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (local.set $wl (f64.load (i32.add (local.get $w) (local.get $off))))
            (local.set $za (f64.add (local.get $za) (f64.mul (local.get $wl) (f64.load (i32.add (local.get $xa) (local.get $off))))))
            (local.set $zb (f64.add (local.get $zb) (f64.mul (local.get $wl) (f64.load (i32.add (local.get $xb) (local.get $off))))))
            (local.set $zc (f64.add (local.get $zc) (f64.mul (local.get $wl) (f64.load (i32.add (local.get $xc) (local.get $off))))))
            (local.set $zd (f64.add (local.get $zd) (f64.mul (local.get $wl) (f64.load (i32.add (local.get $xd) (local.get $off))))))
))
        (local.set $ev (call $exp2v (f64x2.neg (f64x2.abs (f64x2.replace_lane 1 (f64x2.splat (local.get $za)) (local.get $zb))))))
        (local.set $ea (f64x2.extract_lane 0 (local.get $ev)))
        (local.set $eb (f64x2.extract_lane 1 (local.get $ev)))
        (local.set $ya (f64.convert_i32_s (i32.load offset=0 (i32.add (local.get $Y) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $q (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $ea))))
        (local.set $resa (f64.sub (select (local.get $q) (f64.mul (local.get $ea) (local.get $q)) (f64.ge (local.get $za) (f64.const 0))) (local.get $ya)))
        (local.set $ma (f64.sub (f64.max (local.get $za) (f64.const 0)) (f64.mul (local.get $ya) (local.get $za))))
        (local.set $yb (f64.convert_i32_s (i32.load offset=4 (i32.add (local.get $Y) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $q (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $eb))))
        (local.set $resb (f64.sub (select (local.get $q) (f64.mul (local.get $eb) (local.get $q)) (f64.ge (local.get $zb) (f64.const 0))) (local.get $yb)))
        (local.set $mb (f64.sub (f64.max (local.get $zb) (f64.const 0)) (f64.mul (local.get $yb) (local.get $zb))))
        (local.set $ev (call $exp2v (f64x2.neg (f64x2.abs (f64x2.replace_lane 1 (f64x2.splat (local.get $zc)) (local.get $zd))))))
        (local.set $ec (f64x2.extract_lane 0 (local.get $ev)))
        (local.set $ed (f64x2.extract_lane 1 (local.get $ev)))
        (local.set $yc (f64.convert_i32_s (i32.load offset=8 (i32.add (local.get $Y) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $q (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $ec))))
        (local.set $resc (f64.sub (select (local.get $q) (f64.mul (local.get $ec) (local.get $q)) (f64.ge (local.get $zc) (f64.const 0))) (local.get $yc)))
        (local.set $mc (f64.sub (f64.max (local.get $zc) (f64.const 0)) (f64.mul (local.get $yc) (local.get $zc))))
        (local.set $yd (f64.convert_i32_s (i32.load offset=12 (i32.add (local.get $Y) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $q (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $ed))))
        (local.set $resd (f64.sub (select (local.get $q) (f64.mul (local.get $ed) (local.get $q)) (f64.ge (local.get $zd) (f64.const 0))) (local.get $yd)))
        (local.set $md (f64.sub (f64.max (local.get $zd) (f64.const 0)) (f64.mul (local.get $yd) (local.get $zd))))
        (if (local.get $S)
          (then
            (local.set $s (f64.load offset=0 (i32.add (local.get $S) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $resa (f64.mul (local.get $s) (local.get $resa)))
            (local.set $lin (f64.add (local.get $lin) (f64.mul (local.get $s) (f64.add (local.get $ma) (call $log1pSmall (local.get $ea))))))
            (local.set $s (f64.load offset=8 (i32.add (local.get $S) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $resb (f64.mul (local.get $s) (local.get $resb)))
            (local.set $lin (f64.add (local.get $lin) (f64.mul (local.get $s) (f64.add (local.get $mb) (call $log1pSmall (local.get $eb))))))
            (local.set $s (f64.load offset=16 (i32.add (local.get $S) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $resc (f64.mul (local.get $s) (local.get $resc)))
            (local.set $lin (f64.add (local.get $lin) (f64.mul (local.get $s) (f64.add (local.get $mc) (call $log1pSmall (local.get $ec))))))
            (local.set $s (f64.load offset=24 (i32.add (local.get $S) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $resd (f64.mul (local.get $s) (local.get $resd)))
            (local.set $lin (f64.add (local.get $lin) (f64.mul (local.get $s) (f64.add (local.get $md) (call $log1pSmall (local.get $ed))))))
)
          (else
            (local.set $lin (f64.add (local.get $lin) (f64.add (f64.add (f64.add (local.get $ma) (local.get $mb)) (local.get $mc)) (local.get $md))))
            (local.set $prod (f64.mul (local.get $prod) (f64.mul (f64.mul (f64.mul (f64.add (f64.const 1) (local.get $ea)) (f64.add (f64.const 1) (local.get $eb))) (f64.add (f64.const 1) (local.get $ec))) (f64.add (f64.const 1) (local.get $ed)))))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (if (i32.ge_s (local.get $count) (i32.const 64)) (then (global.set $prod (f64.mul (global.get $prod) (local.get $prod))) (local.set $prod (f64.const 1)) (local.set $count (i32.const 0)) (call $renormaliseProduct)))))
        (local.set $gb (f64.add (local.get $gb) (f64.add (f64.add (f64.add (local.get $resa) (local.get $resb)) (local.get $resc)) (local.get $resd))))
        (local.set $rav (f64x2.splat (local.get $resa)))
        (local.set $rbv (f64x2.splat (local.get $resb)))
        (local.set $rcv (f64x2.splat (local.get $resc)))
        (local.set $rdv (f64x2.splat (local.get $resd)))
        (local.set $j (i32.const 0))
        ;; one sweep of g for all the rows
        (block $quadGDone
          (loop $quadG
            (br_if $quadGDone (i32.ge_s (local.get $j) (local.get $d2)))
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (v128.store align=8 (i32.add (local.get $g) (local.get $off)) (f64x2.add (v128.load align=8 (i32.add (local.get $g) (local.get $off)))
                  (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $rav) (v128.load align=8 (i32.add (local.get $xa) (local.get $off))))
                  (f64x2.mul (local.get $rbv) (v128.load align=8 (i32.add (local.get $xb) (local.get $off)))))
                  (f64x2.mul (local.get $rcv) (v128.load align=8 (i32.add (local.get $xc) (local.get $off)))))
                  (f64x2.mul (local.get $rdv) (v128.load align=8 (i32.add (local.get $xd) (local.get $off)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $quadG)))
        (if (i32.lt_s (local.get $j) (local.get $d))
          (then
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (f64.store (i32.add (local.get $g) (local.get $off)) (f64.add (f64.load (i32.add (local.get $g) (local.get $off))) (f64.add (f64.add (f64.add (f64.mul (local.get $resa) (f64.load (i32.add (local.get $xa) (local.get $off)))) (f64.mul (local.get $resb) (f64.load (i32.add (local.get $xb) (local.get $off))))) (f64.mul (local.get $resc) (f64.load (i32.add (local.get $xc) (local.get $off))))) (f64.mul (local.get $resd) (f64.load (i32.add (local.get $xd) (local.get $off)))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $quad)))
    (block $singleDone
      (loop $single
        (br_if $singleDone (i32.gt_s (i32.add (local.get $r) (i32.const 1)) (local.get $end)))
        (local.set $xa (i32.add (local.get $X) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $accA (f64x2.splat (f64.const 0)))
        (local.set $j (i32.const 0))
        ;; margins, sharing each 16-byte load of w between the rows
        (block $singleMDone
          (loop $singleM
            (br_if $singleMDone (i32.ge_s (local.get $j) (local.get $d2)))
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (local.set $wv (v128.load align=8 (i32.add (local.get $w) (local.get $off))))
            (local.set $accA (f64x2.add (local.get $accA) (f64x2.mul (local.get $wv) (v128.load align=8 (i32.add (local.get $xa) (local.get $off))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $singleM)))
        (local.set $za (f64.add (local.get $b) (f64.add (f64x2.extract_lane 0 (local.get $accA)) (f64x2.extract_lane 1 (local.get $accA)))))
        (if (i32.lt_s (local.get $j) (local.get $d))
          (then
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (local.set $wl (f64.load (i32.add (local.get $w) (local.get $off))))
            (local.set $za (f64.add (local.get $za) (f64.mul (local.get $wl) (f64.load (i32.add (local.get $xa) (local.get $off))))))
))
        (local.set $ea (f64x2.extract_lane 0 (call $exp2v (f64x2.splat (f64.neg (f64.abs (local.get $za)))))))
        (local.set $ya (f64.convert_i32_s (i32.load offset=0 (i32.add (local.get $Y) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $q (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $ea))))
        (local.set $resa (f64.sub (select (local.get $q) (f64.mul (local.get $ea) (local.get $q)) (f64.ge (local.get $za) (f64.const 0))) (local.get $ya)))
        (local.set $ma (f64.sub (f64.max (local.get $za) (f64.const 0)) (f64.mul (local.get $ya) (local.get $za))))
        (if (local.get $S)
          (then
            (local.set $s (f64.load offset=0 (i32.add (local.get $S) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $resa (f64.mul (local.get $s) (local.get $resa)))
            (local.set $lin (f64.add (local.get $lin) (f64.mul (local.get $s) (f64.add (local.get $ma) (call $log1pSmall (local.get $ea))))))
)
          (else
            (local.set $lin (f64.add (local.get $lin) (local.get $ma)))
            (local.set $prod (f64.mul (local.get $prod) (f64.add (f64.const 1) (local.get $ea))))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (if (i32.ge_s (local.get $count) (i32.const 64)) (then (global.set $prod (f64.mul (global.get $prod) (local.get $prod))) (local.set $prod (f64.const 1)) (local.set $count (i32.const 0)) (call $renormaliseProduct)))))
        (local.set $gb (f64.add (local.get $gb) (local.get $resa)))
        (local.set $rav (f64x2.splat (local.get $resa)))
        (local.set $j (i32.const 0))
        ;; one sweep of g for all the rows
        (block $singleGDone
          (loop $singleG
            (br_if $singleGDone (i32.ge_s (local.get $j) (local.get $d2)))
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (v128.store align=8 (i32.add (local.get $g) (local.get $off)) (f64x2.add (v128.load align=8 (i32.add (local.get $g) (local.get $off)))
                  (f64x2.mul (local.get $rav) (v128.load align=8 (i32.add (local.get $xa) (local.get $off))))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $singleG)))
        (if (i32.lt_s (local.get $j) (local.get $d))
          (then
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (f64.store (i32.add (local.get $g) (local.get $off)) (f64.add (f64.load (i32.add (local.get $g) (local.get $off))) (f64.mul (local.get $resa) (f64.load (i32.add (local.get $xa) (local.get $off))))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $single)))
    (f64.store (i32.add (local.get $g) (local.get $rowBytes)) (f64.add (f64.load (i32.add (local.get $g) (local.get $rowBytes))) (local.get $gb)))
    (if (result f64) (local.get $S)
      (then (local.get $lin))
      (else
        ;; sum log(1 + e_i) = log(product) + exponent ln 2
        (global.set $prod (f64.mul (global.get $prod) (local.get $prod)))
        (call $renormaliseProduct)
        (f64.add (local.get $lin)
          (f64.add (call $log (global.get $prod)) (f64.mul (f64.convert_i64_s (global.get $expo)) (f64.const 0x1.62e42fefa39efp-1)))))))

  ;; sgdSteps(X, Y, S, start, B, m, U, d, w, g, etas, a2, a1, fitB, loss) -> loss + the U updates' losses:
  ;; U plain sgd updates on the window (mini-batch u = rows [start + uB, min(m, start + (u+1)B))),
  ;; with exactly the arithmetic of minibatch.ts applyUpdate for solver 'sgd' without averaging or
  ;; standardisation: g = binary gradient / n (intercept part 0 unless fitB), then for each weight
  ;; w_i <- w_i - eta_u (g_i + a2 w_i), soft-thresholded by eta_u a1 when a1 > 0, and for the
  ;; intercept w_d <- w_d - eta_u (g_d + 0). etas[u] is the step size of update u.
  (func (export "sgdSteps")
    (param $X i32) (param $Y i32) (param $S i32) (param $start i32) (param $B i32) (param $m i32) (param $U i32) (param $d i32)
    (param $w i32) (param $g i32) (param $etas i32) (param $a2 f64) (param $a1 f64) (param $fitB i32) (param $loss f64)
    (result f64)
    (local $u i32) (local $r0 i32) (local $n i32) (local $i i32) (local $P i32) (local $p i32)
    (local $inv f64) (local $eta f64) (local $v f64) (local $t f64)
    (local.set $P (i32.add (local.get $d) (i32.const 1)))
    (block $done (loop $updates
      (br_if $done (i32.ge_s (local.get $u) (local.get $U)))
      (local.set $r0 (i32.add (local.get $start) (i32.mul (local.get $u) (local.get $B))))
      (local.set $n (i32.sub (select (local.get $m) (i32.add (local.get $r0) (local.get $B)) (i32.lt_s (local.get $m) (i32.add (local.get $r0) (local.get $B)))) (local.get $r0)))
      ;; g = 0, then the gradient sum and the loss of the mini-batch
      (local.set $i (i32.const 0))
      (block $zDone (loop $z
        (br_if $zDone (i32.ge_s (local.get $i) (local.get $P)))
        (f64.store (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 3))) (f64.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $z)))
      (local.set $loss (f64.add (local.get $loss) (call $binary (local.get $X) (local.get $Y) (local.get $S) (local.get $r0) (local.get $n) (local.get $d) (local.get $w) (local.get $g))))
      (local.set $inv (f64.div (f64.const 1) (f64.convert_i32_s (local.get $n))))
      (local.set $eta (f64.load (i32.add (local.get $etas) (i32.shl (local.get $u) (i32.const 3)))))
      (local.set $t (f64.mul (local.get $eta) (local.get $a1)))
      (local.set $i (i32.const 0))
      (block $wDone (loop $wl
        (br_if $wDone (i32.ge_s (local.get $i) (local.get $d)))
        (local.set $p (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $v (f64.sub (f64.load (local.get $p))
          (f64.mul (local.get $eta)
            (f64.add (f64.mul (f64.load (i32.add (local.get $g) (i32.shl (local.get $i) (i32.const 3)))) (local.get $inv))
                     (f64.mul (local.get $a2) (f64.load (local.get $p)))))))
        (if (f64.gt (local.get $a1) (f64.const 0))
          (then
            (local.set $v
              (if (result f64) (f64.gt (local.get $v) (local.get $t))
                (then (f64.sub (local.get $v) (local.get $t)))
                (else (if (result f64) (f64.lt (local.get $v) (f64.neg (local.get $t)))
                  (then (f64.add (local.get $v) (local.get $t)))
                  (else (f64.const 0))))))))
        (f64.store (local.get $p) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $wl)))
      ;; the intercept (not penalised; its gradient is 0 when it is not fitted)
      (local.set $p (i32.add (local.get $w) (i32.shl (local.get $d) (i32.const 3))))
      (f64.store (local.get $p) (f64.sub (f64.load (local.get $p))
        (f64.mul (local.get $eta)
          (f64.add
            (select (f64.mul (f64.load (i32.add (local.get $g) (i32.shl (local.get $d) (i32.const 3)))) (local.get $inv)) (f64.const 0) (local.get $fitB))
            (f64.const 0)))))
      (local.set $u (i32.add (local.get $u) (i32.const 1)))
      (br $updates)))
    (local.get $loss))

  ;; multiRows(X, Y, S, start, n, d, K, w, g, zk) -> sum_i s_i [logsumexp_k z_ik - z_iy_i] over rows
  ;; [start, start + n) of the row-major window X: the multinomial mini-batch kernel. w and g are K rows
  ;; of (d + 1) (weights, then the intercept); adds sum_i s_i (p_ik - [y_i = k]) [x_i, 1] to g. zk is K
  ;; Float64 of scratch. S = 0: unit weights (log sum exp through a running product, as in binary).
  (func (export "multiRows")
    (param $X i32) (param $Y i32) (param $S i32) (param $start i32) (param $n i32) (param $d i32) (param $K i32) (param $w i32) (param $g i32) (param $zk i32)
    (result f64)
    (local $r i32) (local $end i32) (local $k i32) (local $j i32) (local $d2 i32) (local $x i32) (local $wk i32) (local $gk i32) (local $y i32) (local $rowBytes i32) (local $P1b i32)
    (local $acc v128) (local $rv v128)
    (local $z f64) (local $m f64) (local $zy f64) (local $sum f64) (local $inv f64) (local $s f64) (local $res f64) (local $lin f64)
    (local.set $d2 (i32.and (local.get $d) (i32.const -2)))
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 3)))
    (local.set $P1b (i32.add (local.get $rowBytes) (i32.const 8)))
    (global.set $prod (f64.const 1))
    (global.set $expo (i64.const 0))
    (local.set $r (local.get $start))
    (local.set $end (i32.add (local.get $start) (local.get $n)))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_s (local.get $r) (local.get $end)))
      (local.set $x (i32.add (local.get $X) (i32.mul (local.get $r) (local.get $rowBytes))))
      (local.set $y (i32.load (i32.add (local.get $Y) (i32.shl (local.get $r) (i32.const 2)))))
      ;; scores z_k = b_k + w_k . x, their maximum, and z_y
      (local.set $m (f64.const -inf))
      (local.set $k (i32.const 0))
      (block $sDone (loop $sL
        (br_if $sDone (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $wk (i32.add (local.get $w) (i32.mul (local.get $k) (local.get $P1b))))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $j (i32.const 0))
        (block $dDone (loop $dL
          (br_if $dDone (i32.ge_s (local.get $j) (local.get $d2)))
          (local.set $acc (f64x2.add (local.get $acc)
            (f64x2.mul (v128.load align=8 (i32.add (local.get $wk) (i32.shl (local.get $j) (i32.const 3))))
                       (v128.load align=8 (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $dL)))
        (local.set $z (f64.add (f64.load (i32.add (local.get $wk) (local.get $rowBytes)))
          (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc)))))
        (if (i32.lt_s (local.get $j) (local.get $d))
          (then (local.set $z (f64.add (local.get $z)
            (f64.mul (f64.load (i32.add (local.get $wk) (i32.shl (local.get $j) (i32.const 3)))) (f64.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3)))))))))
        (f64.store (i32.add (local.get $zk) (i32.shl (local.get $k) (i32.const 3))) (local.get $z))
        (local.set $m (f64.max (local.get $m) (local.get $z)))
        (if (i32.eq (local.get $k) (local.get $y)) (then (local.set $zy (local.get $z))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $sL)))
      ;; e_k = exp(z_k - m) (kept in zk), their sum
      (local.set $sum (f64.const 0))
      (local.set $k (i32.const 0))
      (block $eDone (loop $eL
        (br_if $eDone (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $wk (i32.add (local.get $zk) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $z (f64x2.extract_lane 0 (call $exp2v (f64x2.splat (f64.sub (f64.load (local.get $wk)) (local.get $m))))))
        (f64.store (local.get $wk) (local.get $z))
        (local.set $sum (f64.add (local.get $sum) (local.get $z)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $eL)))
      (local.set $inv (f64.div (f64.const 1) (local.get $sum)))
      (local.set $s (f64.const 1))
      (if (local.get $S)
        (then
          (local.set $s (f64.load (i32.add (local.get $S) (i32.shl (local.get $r) (i32.const 3)))))
          (local.set $lin (f64.add (local.get $lin) (f64.mul (local.get $s) (f64.sub (f64.add (local.get $m) (call $log (local.get $sum))) (local.get $zy))))))
        (else
          (local.set $lin (f64.add (local.get $lin) (f64.sub (local.get $m) (local.get $zy))))
          (global.set $prod (f64.mul (global.get $prod) (local.get $sum)))
          (call $renormaliseProduct)))
      ;; g_k += s (p_k - [y = k]) [x, 1]
      (local.set $k (i32.const 0))
      (block $gDone (loop $gL
        (br_if $gDone (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $res (f64.mul (local.get $s)
          (f64.sub (f64.mul (f64.load (i32.add (local.get $zk) (i32.shl (local.get $k) (i32.const 3)))) (local.get $inv))
                   (select (f64.const 1) (f64.const 0) (i32.eq (local.get $k) (local.get $y))))))
        (local.set $gk (i32.add (local.get $g) (i32.mul (local.get $k) (local.get $P1b))))
        (local.set $rv (f64x2.splat (local.get $res)))
        (local.set $j (i32.const 0))
        (block $aDone (loop $aL
          (br_if $aDone (i32.ge_s (local.get $j) (local.get $d2)))
          (local.set $wk (i32.add (local.get $gk) (i32.shl (local.get $j) (i32.const 3))))
          (v128.store align=8 (local.get $wk)
            (f64x2.add (v128.load align=8 (local.get $wk)) (f64x2.mul (local.get $rv) (v128.load align=8 (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $aL)))
        (if (i32.lt_s (local.get $j) (local.get $d))
          (then
            (local.set $wk (i32.add (local.get $gk) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $wk) (f64.add (f64.load (local.get $wk)) (f64.mul (local.get $res) (f64.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 3)))))))))
        (local.set $wk (i32.add (local.get $gk) (local.get $rowBytes)))
        (f64.store (local.get $wk) (f64.add (f64.load (local.get $wk)) (local.get $res)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $gL)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))
    (if (result f64) (local.get $S)
      (then (local.get $lin))
      (else
        (f64.add (local.get $lin)
          (f64.add (call $log (global.get $prod)) (f64.mul (f64.convert_i64_s (global.get $expo)) (f64.const 0x1.62e42fefa39efp-1)))))))

  ;; binaryCols(cols, stride, n, d, Y, S, w, g, z, hw) -> sum_i s_i logloss_i over n staged rows (column j
  ;; at cols + j*stride, Float64; class indexes Y, Int32; weights S, or 0 for all 1): the exact solvers'
  ;; pass. Adds sum_i s_i (p_i - y_i) [x_i, 1] to g[0..d]; z is n Float64 of scratch; when hw != 0, the
  ;; Hessian weights s_i p_i (1 - p_i) = s_i e_i / (1 + e_i)^2 go to hw[0..n). Column by column:
  ;; z = b + sum_j w_j x_j with f64x2 over row pairs, then the residuals (in z), then one dot product
  ;; per column.
  (func (export "binaryCols")
    (param $cols i32) (param $stride i32) (param $n i32) (param $d i32) (param $Y i32) (param $S i32) (param $w i32) (param $g i32) (param $z i32) (param $hw i32)
    (result f64)
    (local $i i32) (local $j i32) (local $n2 i32) (local $c i32) (local $zp i32) (local $count i32)
    (local $wv v128) (local $acc v128)
    (local $zi f64) (local $e f64) (local $yi f64) (local $q f64) (local $r f64) (local $s f64) (local $m f64)
    (local $lin f64) (local $prod f64) (local $gb f64) (local $a f64)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    ;; z = b
    (local.set $wv (f64x2.splat (f64.load (i32.add (local.get $w) (i32.shl (local.get $d) (i32.const 3))))))
    (local.set $i (i32.const 0))
    (block $fDone (loop $f
      (br_if $fDone (i32.ge_s (local.get $i) (local.get $n2)))
      (v128.store align=8 (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))) (local.get $wv))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $f)))
    (if (i32.lt_s (local.get $i) (local.get $n))
      (then (f64.store (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))) (f64x2.extract_lane 0 (local.get $wv)))))
    ;; z += w_j x_j
    (local.set $j (i32.const 0))
    (block $colsDone (loop $colsL
      (br_if $colsDone (i32.ge_s (local.get $j) (local.get $d)))
      (local.set $wv (f64x2.splat (f64.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 3))))))
      (local.set $c (i32.add (local.get $cols) (i32.mul (local.get $j) (local.get $stride))))
      (local.set $i (i32.const 0))
      (block $rDone (loop $rL
        (br_if $rDone (i32.ge_s (local.get $i) (local.get $n2)))
        (local.set $zp (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
        (v128.store align=8 (local.get $zp)
          (f64x2.add (v128.load align=8 (local.get $zp)) (f64x2.mul (local.get $wv) (v128.load align=8 (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rL)))
      (if (i32.lt_s (local.get $i) (local.get $n))
        (then
          (local.set $zp (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
          (f64.store (local.get $zp) (f64.add (f64.load (local.get $zp))
            (f64.mul (f64x2.extract_lane 0 (local.get $wv)) (f64.load (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3)))))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $colsL)))
    ;; residuals into z, and the loss
    (global.set $prod (f64.const 1))
    (global.set $expo (i64.const 0))
    (local.set $prod (f64.const 1))
    (local.set $i (i32.const 0))
    (block $resDone (loop $resL
      (br_if $resDone (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $zp (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $zi (f64.load (local.get $zp)))
      (local.set $e (f64x2.extract_lane 0 (call $exp2v (f64x2.splat (f64.neg (f64.abs (local.get $zi)))))))
      (local.set $yi (f64.convert_i32_s (i32.load (i32.add (local.get $Y) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $q (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $e))))
      (local.set $r (f64.sub (select (local.get $q) (f64.mul (local.get $e) (local.get $q)) (f64.ge (local.get $zi) (f64.const 0))) (local.get $yi)))
      (local.set $m (f64.sub (f64.max (local.get $zi) (f64.const 0)) (f64.mul (local.get $yi) (local.get $zi))))
      (if (local.get $hw)
        (then
          (f64.store (i32.add (local.get $hw) (i32.shl (local.get $i) (i32.const 3)))
            (f64.mul (select (f64.load (i32.add (local.get $S) (i32.shl (local.get $i) (i32.const 3)))) (f64.const 1) (local.get $S))
              (f64.mul (local.get $e) (f64.mul (local.get $q) (local.get $q)))))))
      (if (local.get $S)
        (then
          (local.set $s (f64.load (i32.add (local.get $S) (i32.shl (local.get $i) (i32.const 3)))))
          (local.set $r (f64.mul (local.get $s) (local.get $r)))
          (local.set $lin (f64.add (local.get $lin) (f64.mul (local.get $s) (f64.add (local.get $m) (call $log1pSmall (local.get $e)))))))
        (else
          (local.set $lin (f64.add (local.get $lin) (local.get $m)))
          (local.set $prod (f64.mul (local.get $prod) (f64.add (f64.const 1) (local.get $e))))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))
          (if (i32.ge_s (local.get $count) (i32.const 256))
            (then
              (global.set $prod (f64.mul (global.get $prod) (local.get $prod)))
              (local.set $prod (f64.const 1))
              (local.set $count (i32.const 0))
              (call $renormaliseProduct)))))
      (f64.store (local.get $zp) (local.get $r))
      (local.set $gb (f64.add (local.get $gb) (local.get $r)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $resL)))
    ;; g_j += sum_i r_i x_ij, g_d += sum_i r_i
    (local.set $j (i32.const 0))
    (block $gDone (loop $gL
      (br_if $gDone (i32.ge_s (local.get $j) (local.get $d)))
      (local.set $c (i32.add (local.get $cols) (i32.mul (local.get $j) (local.get $stride))))
      (local.set $acc (f64x2.splat (f64.const 0)))
      (local.set $i (i32.const 0))
      (block $dDone (loop $dL
        (br_if $dDone (i32.ge_s (local.get $i) (local.get $n2)))
        (local.set $acc (f64x2.add (local.get $acc)
          (f64x2.mul (v128.load align=8 (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3))))
                     (v128.load align=8 (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $dL)))
      (local.set $a (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
      (if (i32.lt_s (local.get $i) (local.get $n))
        (then (local.set $a (f64.add (local.get $a)
          (f64.mul (f64.load (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 3)))) (f64.load (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3)))))))))
      (local.set $zp (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3))))
      (f64.store (local.get $zp) (f64.add (f64.load (local.get $zp)) (local.get $a)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $gL)))
    (local.set $zp (i32.add (local.get $g) (i32.shl (local.get $d) (i32.const 3))))
    (f64.store (local.get $zp) (f64.add (f64.load (local.get $zp)) (local.get $gb)))
    (if (result f64) (local.get $S)
      (then (local.get $lin))
      (else
        (global.set $prod (f64.mul (global.get $prod) (local.get $prod)))
        (call $renormaliseProduct)
        (f64.add (local.get $lin)
          (f64.add (call $log (global.get $prod)) (f64.mul (f64.convert_i64_s (global.get $expo)) (f64.const 0x1.62e42fefa39efp-1)))))))

  ;; multiCols(cols, stride, n, d, K, Y, S, w, g, Z, Pout) -> sum_i s_i [logsumexp_k z_ik - z_iy_i] over n staged
  ;; rows (column j at cols + j*stride; class indexes Y; weights S or 0 for all 1): the exact solvers'
  ;; multinomial pass. w and g are K rows of (d + 1): w_k0 .. w_k(d-1), b_k; adds to g the gradient
  ;; sum_i s_i (p_ik - [y_i = k]) [x_i, 1]. Z is K*n Float64 of scratch, class-major (Z_k = Z + 8kn):
  ;; the scores z_k = b_k + sum_j w_kj x_j (f64x2 over row pairs), then per row the softmax (its exp
  ;; by $exp2v, log sum exp as the log of a running product for unit weights), the residuals in place,
  ;; and one dot product per (class, column). When Pout != 0, the probabilities p_ik go there too
  ;; (class-major, like Z: for the Hessian).
  (func (export "multiCols")
    (param $cols i32) (param $stride i32) (param $n i32) (param $d i32) (param $K i32) (param $Y i32) (param $S i32) (param $w i32) (param $g i32) (param $Z i32) (param $Pout i32)
    (result f64)
    (local $i i32) (local $j i32) (local $k i32) (local $n2 i32) (local $P1 i32) (local $zk i32) (local $c i32) (local $at i32) (local $y i32)
    (local $wv v128) (local $acc v128)
    (local $m f64) (local $zy f64) (local $sum f64) (local $inv f64) (local $e f64) (local $s f64) (local $a f64)
    (local $lin f64)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $P1 (i32.add (local.get $d) (i32.const 1)))
    ;; 1. Z_k = b_k
    (local.set $k (i32.const 0))
    (block $bDone (loop $bL
      (br_if $bDone (i32.ge_s (local.get $k) (local.get $K)))
      (local.set $zk (i32.add (local.get $Z) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))))
      (local.set $wv (f64x2.splat (f64.load (i32.add (local.get $w) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $P1)) (local.get $d)) (i32.const 3))))))
      (local.set $i (i32.const 0))
      (block $fDone (loop $fL
        (br_if $fDone (i32.ge_s (local.get $i) (local.get $n2)))
        (v128.store align=8 (i32.add (local.get $zk) (i32.shl (local.get $i) (i32.const 3))) (local.get $wv))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $fL)))
      (if (i32.lt_s (local.get $i) (local.get $n))
        (then (f64.store (i32.add (local.get $zk) (i32.shl (local.get $i) (i32.const 3))) (f64x2.extract_lane 0 (local.get $wv)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $bL)))
    ;; 2. Z_k += w_kj x_j
    (local.set $j (i32.const 0))
    (block $jDone (loop $jL
      (br_if $jDone (i32.ge_s (local.get $j) (local.get $d)))
      (local.set $c (i32.add (local.get $cols) (i32.mul (local.get $j) (local.get $stride))))
      (local.set $k (i32.const 0))
      (block $kDone (loop $kL
        (br_if $kDone (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $zk (i32.add (local.get $Z) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))))
        (local.set $wv (f64x2.splat (f64.load (i32.add (local.get $w) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $P1)) (local.get $j)) (i32.const 3))))))
        (local.set $i (i32.const 0))
        (block $rDone (loop $rL
          (br_if $rDone (i32.ge_s (local.get $i) (local.get $n2)))
          (local.set $at (i32.shl (local.get $i) (i32.const 3)))
          (v128.store align=8 (i32.add (local.get $zk) (local.get $at))
            (f64x2.add (v128.load align=8 (i32.add (local.get $zk) (local.get $at))) (f64x2.mul (local.get $wv) (v128.load align=8 (i32.add (local.get $c) (local.get $at))))))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br $rL)))
        (if (i32.lt_s (local.get $i) (local.get $n))
          (then
            (local.set $at (i32.shl (local.get $i) (i32.const 3)))
            (f64.store (i32.add (local.get $zk) (local.get $at))
              (f64.add (f64.load (i32.add (local.get $zk) (local.get $at))) (f64.mul (f64x2.extract_lane 0 (local.get $wv)) (f64.load (i32.add (local.get $c) (local.get $at))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $kL)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jL)))
    ;; 3. per row: softmax, loss, residuals r_k = s (p_k - [y = k]) in place of z_k
    (global.set $prod (f64.const 1))
    (global.set $expo (i64.const 0))
    (local.set $i (i32.const 0))
    (block $iDone (loop $iL
      (br_if $iDone (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $at (i32.shl (local.get $i) (i32.const 3)))
      (local.set $y (i32.load (i32.add (local.get $Y) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $zy (f64.load (i32.add (i32.add (local.get $Z) (i32.shl (i32.mul (local.get $y) (local.get $n)) (i32.const 3))) (local.get $at))))
      (local.set $m (f64.load (i32.add (local.get $Z) (local.get $at))))
      (local.set $k (i32.const 1))
      (block $mDone (loop $mL
        (br_if $mDone (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $m (f64.max (local.get $m) (f64.load (i32.add (i32.add (local.get $Z) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))) (local.get $at)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $mL)))
      (local.set $sum (f64.const 0))
      (local.set $k (i32.const 0))
      (block $eDone (loop $eL
        (br_if $eDone (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $zk (i32.add (i32.add (local.get $Z) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))) (local.get $at)))
        (local.set $e (f64x2.extract_lane 0 (call $exp2v (f64x2.splat (f64.sub (f64.load (local.get $zk)) (local.get $m))))))
        (f64.store (local.get $zk) (local.get $e))
        (local.set $sum (f64.add (local.get $sum) (local.get $e)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $eL)))
      (local.set $inv (f64.div (f64.const 1) (local.get $sum)))
      (local.set $s (f64.const 1))
      (if (local.get $S)
        (then
          (local.set $s (f64.load (i32.add (local.get $S) (local.get $at))))
          (local.set $lin (f64.add (local.get $lin) (f64.mul (local.get $s) (f64.sub (f64.add (local.get $m) (call $log (local.get $sum))) (local.get $zy))))))
        (else
          ;; log sum: the running product of sums in [1, K], its exponent moved out every row
          (local.set $lin (f64.add (local.get $lin) (f64.sub (local.get $m) (local.get $zy))))
          (global.set $prod (f64.mul (global.get $prod) (local.get $sum)))
          (call $renormaliseProduct)))
      (local.set $k (i32.const 0))
      (block $rDone2 (loop $rL2
        (br_if $rDone2 (i32.ge_s (local.get $k) (local.get $K)))
        (local.set $zk (i32.add (i32.add (local.get $Z) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))) (local.get $at)))
        (local.set $e (f64.mul (f64.load (local.get $zk)) (local.get $inv)))
        (if (local.get $Pout)
          (then (f64.store (i32.add (local.get $Pout) (i32.sub (local.get $zk) (local.get $Z))) (local.get $e))))
        (f64.store (local.get $zk)
          (f64.mul (local.get $s) (f64.sub (local.get $e) (select (f64.const 1) (f64.const 0) (i32.eq (local.get $k) (local.get $y))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $rL2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $iL)))
    ;; 4. g_kj += r_k . x_j, g_kd += sum r_k
    (local.set $k (i32.const 0))
    (block $gkDone (loop $gkL
      (br_if $gkDone (i32.ge_s (local.get $k) (local.get $K)))
      (local.set $zk (i32.add (local.get $Z) (i32.shl (i32.mul (local.get $k) (local.get $n)) (i32.const 3))))
      (local.set $j (i32.const 0))
      (block $gjDone (loop $gjL
        (br_if $gjDone (i32.gt_s (local.get $j) (local.get $d)))
        (local.set $c (i32.add (local.get $cols) (i32.mul (local.get $j) (local.get $stride))))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $i (i32.const 0))
        (block $dDone (loop $dL
          (br_if $dDone (i32.ge_s (local.get $i) (local.get $n2)))
          (local.set $at (i32.shl (local.get $i) (i32.const 3)))
          (local.set $acc (f64x2.add (local.get $acc)
            (if (result v128) (i32.eq (local.get $j) (local.get $d))
              (then (v128.load align=8 (i32.add (local.get $zk) (local.get $at))))
              (else (f64x2.mul (v128.load align=8 (i32.add (local.get $zk) (local.get $at))) (v128.load align=8 (i32.add (local.get $c) (local.get $at))))))))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br $dL)))
        (local.set $a (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        (if (i32.lt_s (local.get $i) (local.get $n))
          (then
            (local.set $at (i32.shl (local.get $i) (i32.const 3)))
            (local.set $a (f64.add (local.get $a)
              (select (f64.load (i32.add (local.get $zk) (local.get $at)))
                (f64.mul (f64.load (i32.add (local.get $zk) (local.get $at))) (f64.load (i32.add (local.get $c) (local.get $at))))
                (i32.eq (local.get $j) (local.get $d)))))))
        (local.set $at (i32.add (local.get $g) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $P1)) (local.get $j)) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $a)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $gjL)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $gkL)))
    (if (result f64) (local.get $S)
      (then (local.get $lin))
      (else
        (f64.add (local.get $lin)
          (f64.add (call $log (global.get $prod)) (f64.mul (f64.convert_i64_s (global.get $expo)) (f64.const 0x1.62e42fefa39efp-1)))))))

  ;; hessianCols(cols, stride, n, d, c, u, h, hs): adds sum_i c_i x_ij x_il to h[j hs + l] for
  ;; j, l <= d over n staged rows (x_id = 1; a (d+1) x (d+1) block with row stride hs, filled
  ;; symmetrically).
  ;; u is n Float64 of scratch: u = c * x_j once per j, then one SIMD dot product u . x_l per l >= j.
  (func (export "hessianCols")
    (param $cols i32) (param $stride i32) (param $n i32) (param $d i32) (param $c i32) (param $u i32) (param $h i32) (param $P i32)
    (local $i i32) (local $j i32) (local $l i32) (local $n2 i32) (local $cj i32) (local $cl i32) (local $at i32)
    (local $acc v128) (local $a f64) (local $sc f64)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $j (i32.const 0))
    (block $jDone (loop $jL
      (br_if $jDone (i32.ge_s (local.get $j) (local.get $d)))
      (local.set $cj (i32.add (local.get $cols) (i32.mul (local.get $j) (local.get $stride))))
      ;; u = c * x_j, and its sum (the intercept column)
      (local.set $acc (f64x2.splat (f64.const 0)))
      (local.set $i (i32.const 0))
      (block $uDone (loop $uL
        (br_if $uDone (i32.ge_s (local.get $i) (local.get $n2)))
        (local.set $at (i32.shl (local.get $i) (i32.const 3)))
        (v128.store align=8 (i32.add (local.get $u) (local.get $at))
          (f64x2.mul (v128.load align=8 (i32.add (local.get $c) (local.get $at))) (v128.load align=8 (i32.add (local.get $cj) (local.get $at)))))
        (local.set $acc (f64x2.add (local.get $acc) (v128.load align=8 (i32.add (local.get $u) (local.get $at)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $uL)))
      (local.set $a (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
      (if (i32.lt_s (local.get $i) (local.get $n))
        (then
          (local.set $at (i32.shl (local.get $i) (i32.const 3)))
          (f64.store (i32.add (local.get $u) (local.get $at)) (f64.mul (f64.load (i32.add (local.get $c) (local.get $at))) (f64.load (i32.add (local.get $cj) (local.get $at)))))
          (local.set $a (f64.add (local.get $a) (f64.load (i32.add (local.get $u) (local.get $at)))))))
      (call $addSym (local.get $h) (local.get $P) (local.get $j) (local.get $d) (local.get $a))
      ;; u . x_l for l = j .. d-1
      (local.set $l (local.get $j))
      (block $lDone (loop $lL
        (br_if $lDone (i32.ge_s (local.get $l) (local.get $d)))
        (local.set $cl (i32.add (local.get $cols) (i32.mul (local.get $l) (local.get $stride))))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $i (i32.const 0))
        (block $dDone (loop $dL
          (br_if $dDone (i32.ge_s (local.get $i) (local.get $n2)))
          (local.set $at (i32.shl (local.get $i) (i32.const 3)))
          (local.set $acc (f64x2.add (local.get $acc)
            (f64x2.mul (v128.load align=8 (i32.add (local.get $u) (local.get $at))) (v128.load align=8 (i32.add (local.get $cl) (local.get $at))))))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (br $dL)))
        (local.set $a (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        (if (i32.lt_s (local.get $i) (local.get $n))
          (then
            (local.set $at (i32.shl (local.get $i) (i32.const 3)))
            (local.set $a (f64.add (local.get $a) (f64.mul (f64.load (i32.add (local.get $u) (local.get $at))) (f64.load (i32.add (local.get $cl) (local.get $at))))))))
        (call $addSym (local.get $h) (local.get $P) (local.get $j) (local.get $l) (local.get $a))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $lL)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $jL)))
    ;; the intercept's diagonal: sum_i c_i
    (local.set $sc (f64.const 0))
    (local.set $i (i32.const 0))
    (block $sDone (loop $sL
      (br_if $sDone (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $sc (f64.add (local.get $sc) (f64.load (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $sL)))
    (call $addSym (local.get $h) (local.get $P) (local.get $d) (local.get $d) (local.get $sc)))

  ;; h[j P + l] += a, and h[l P + j] += a when l != j.
  (func $addSym (param $h i32) (param $P i32) (param $j i32) (param $l i32) (param $a f64)
    (local $p i32)
    (local.set $p (i32.add (local.get $h) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $P)) (local.get $l)) (i32.const 3))))
    (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $a)))
    (if (i32.ne (local.get $j) (local.get $l))
      (then
        (local.set $p (i32.add (local.get $h) (i32.shl (i32.add (i32.mul (local.get $l) (local.get $P)) (local.get $j)) (i32.const 3))))
        (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $a))))))

  ;; nonFinite(x, n) -> the index of the first NaN or +-Infinity among the n Float64 at x, or -1.
  ;; A value is finite iff |v| <= MAX_VALUE (false for NaN). Over 64-value blocks, the lane masks of
  ;; that test are ANDed (four 2-lane vectors per step: no long dependency chain); a block with a
  ;; zero lane is then searched value by value.
  (func (export "nonFinite") (param $x i32) (param $n i32) (result i32)
    (local $i i32) (local $blockEnd i32) (local $ok v128) (local $max v128) (local $p i32) (local $k i32)
    (local.set $max (f64x2.splat (f64.const 0x1.fffffffffffffp+1023)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $blockEnd (select (i32.add (local.get $i) (i32.const 64)) (local.get $n) (i32.lt_s (i32.add (local.get $i) (i32.const 64)) (local.get $n))))
        (local.set $ok (v128.const i64x2 -1 -1))
        (local.set $p (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $k (local.get $i))
        (block $eightsDone
          (loop $eights
            (br_if $eightsDone (i32.gt_s (i32.add (local.get $k) (i32.const 8)) (local.get $blockEnd)))
            (local.set $ok (v128.and (local.get $ok)
              (v128.and
                (v128.and (f64x2.le (f64x2.abs (v128.load align=8 (local.get $p))) (local.get $max))
                          (f64x2.le (f64x2.abs (v128.load offset=16 align=8 (local.get $p))) (local.get $max)))
                (v128.and (f64x2.le (f64x2.abs (v128.load offset=32 align=8 (local.get $p))) (local.get $max))
                          (f64x2.le (f64x2.abs (v128.load offset=48 align=8 (local.get $p))) (local.get $max))))))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $eights)))
        (block $onesDone
          (loop $ones
            (br_if $onesDone (i32.ge_s (local.get $k) (local.get $blockEnd)))
            (local.set $ok (v128.and (local.get $ok) (f64x2.le (f64x2.abs (f64x2.splat (f64.load (local.get $p)))) (local.get $max))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $ones)))
        (if (i32.eqz (i64x2.all_true (local.get $ok)))
          (then
            (local.set $k (local.get $i))
            (loop $find
              (if (i32.eqz (f64.le (f64.abs (f64.load (i32.add (local.get $x) (i32.shl (local.get $k) (i32.const 3))))) (f64.const 0x1.fffffffffffffp+1023)))
                (then (return (local.get $k))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $find (i32.lt_s (local.get $k) (local.get $blockEnd))))))
        (local.set $i (local.get $blockEnd))
        (br $blocks)))
    (i32.const -1))

  ;; exp2v(x) -> exp of both lanes of x <= 0 (inputs below -700 give exp(-700), ~1e-304, where the true
  ;; value is smaller still: irrelevant next to the 1 it is added to). x = k ln2 + r, |r| <= ln2/2
  ;; (Cody-Waite split of ln2), exp(r) by its Taylor polynomial of degree 13 (truncation < 1e-17) in
  ;; Estrin's scheme (short dependency chains), then 2^k by adding k to the exponent field.
  ;; k = round-to-nearest-even(x log2 e) by adding 1.5 2^52 (t: its integer in the low bits) and
  ;; subtracting it again: the value f64x2.nearest gives, in two additions (shorter latency than
  ;; nearest plus a float -> int conversion); k << 52 is then t's bits shifted left by 52.
  (func $exp2v (param $x v128) (result v128)
    (local $k v128) (local $t v128) (local $r v128) (local $r2 v128) (local $r4 v128) (local $p v128)
    (local.set $x (f64x2.max (local.get $x) (f64x2.splat (f64.const -700))))
    (local.set $t (f64x2.add (f64x2.mul (local.get $x) (f64x2.splat (f64.const 0x1.71547652b82fep+0))) (f64x2.splat (f64.const 0x1.8p52))))
    (local.set $k (f64x2.sub (local.get $t) (f64x2.splat (f64.const 0x1.8p52))))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $x) (f64x2.mul (local.get $k) (f64x2.splat (f64.const 0x1.62e42fee00000p-1))))
      (f64x2.mul (local.get $k) (f64x2.splat (f64.const 0x1.a39ef35793c76p-33)))))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
    (local.set $p
      (f64x2.add
        (f64x2.add
          (f64x2.add (f64x2.splat (f64.const 0x1.0000000000000p+0)) (f64x2.mul (f64x2.splat (f64.const 0x1.0000000000000p+0)) (local.get $r)))
          (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 0x1.0000000000000p-1)) (f64x2.mul (f64x2.splat (f64.const 0x1.5555555555555p-3)) (local.get $r)))))
        (f64x2.mul (local.get $r4)
          (f64x2.add
            (f64x2.add (f64x2.splat (f64.const 0x1.5555555555555p-5)) (f64x2.mul (f64x2.splat (f64.const 0x1.1111111111111p-7)) (local.get $r)))
            (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 0x1.6c16c16c16c17p-10)) (f64x2.mul (f64x2.splat (f64.const 0x1.a01a01a01a01ap-13)) (local.get $r))))))))
    (local.set $p
      (f64x2.add (local.get $p)
        (f64x2.mul (f64x2.mul (local.get $r4) (local.get $r4))
          (f64x2.add
            (f64x2.add (f64x2.splat (f64.const 0x1.a01a01a01a01ap-16)) (f64x2.mul (f64x2.splat (f64.const 0x1.71de3a556c734p-19)) (local.get $r)))
            (f64x2.mul (local.get $r2)
              (f64x2.add
                (f64x2.add (f64x2.splat (f64.const 0x1.27e4fb7789f5cp-22)) (f64x2.mul (f64x2.splat (f64.const 0x1.ae64567f544e4p-26)) (local.get $r)))
                (f64x2.mul (local.get $r2) (f64x2.add (f64x2.splat (f64.const 0x1.1eed8eff8d898p-29)) (f64x2.mul (f64x2.splat (f64.const 0x1.6124613a86d09p-33)) (local.get $r))))))))))
    ;; p * 2^k: k (an integer in [-1010, 0]) added to the exponent bits; t's low 12 bits are k mod 2^12
    (i64x2.add (local.get $p) (i64x2.shl (local.get $t) (i32.const 52))))

  ;; expNeg(x) -> exp(x) for x <= 0 through $exp2v (exported for its accuracy test).
  (func (export "expNeg") (param $x f64) (result f64)
    (f64x2.extract_lane 0 (call $exp2v (f64x2.splat (local.get $x)))))

  ;; log1p(e) for e in [0, 1]: log(u) e / (u - 1) with u = 1 + e (Goldberg's correction; e when u = 1).
  (func $log1pSmall (param $e f64) (result f64)
    (local $u f64)
    (local.set $u (f64.add (f64.const 1) (local.get $e)))
    (if (result f64) (f64.eq (local.get $u) (f64.const 1))
      (then (local.get $e))
      (else (f64.div (f64.mul (call $log (local.get $u)) (local.get $e)) (f64.sub (local.get $u) (f64.const 1))))))
)
