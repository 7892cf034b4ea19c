;; The scanner's first pass over a region, 32 bytes at a time with WebAssembly SIMD.
;; Compiled by `npm run build:wasm -w @linekeeper/log-scanner` into byte-classes-wasm.ts.
;;
;; Input: the region's bytes at offset 0, `len` of them, followed by at least 64 zero bytes.
;; Output, as byte offsets into the region (i32, ascending), each list at the offset given:
;;   runs   where a run of at least 5 ASCII digits starts (the stride's landings);
;;   plus   each `+` followed by a digit;
;;   names  each `x` or `X` followed by `-` or `_` (where a tracking header name may start);
;;   lines  for each 4096-byte block of the region, the newlines before it.
;; The counts are left in the exported globals; the region's newline count is returned.
(module
  (memory (export "memory") 1)
  (global $runCount (export "runCount") (mut i32) (i32.const 0))
  (global $plusCount (export "plusCount") (mut i32) (i32.const 0))
  (global $nameCount (export "nameCount") (mut i32) (i32.const 0))

  (func (export "classify")
    (param $len i32) (param $runs i32) (param $plus i32) (param $names i32) (param $lines i32)
    (result i32)
    (local $p i32) (local $q i32)
    (local $d i64) (local $pl i64) (local $x i64) (local $s i64)
    (local $prevD i64) (local $prevP i64) (local $prevX i64) (local $prevS i64)
    (local $carry i64) (local $dd i64) (local $bits i64) (local $newlines i32)
    (local $nRuns i32) (local $nPlus i32) (local $nNames i32) (local $v0 v128) (local $v1 v128)
    (local $zero v128) (local $ten v128) (local $nl v128) (local $plusC v128)
    (local $lowerX v128) (local $case v128) (local $dash v128) (local $under v128)
    (local.set $zero (i8x16.splat (i32.const 0x30)))
    (local.set $ten (i8x16.splat (i32.const 10)))
    (local.set $nl (i8x16.splat (i32.const 0x0a)))
    (local.set $plusC (i8x16.splat (i32.const 0x2b)))
    (local.set $lowerX (i8x16.splat (i32.const 0x78)))
    (local.set $case (i8x16.splat (i32.const 0x20)))
    (local.set $dash (i8x16.splat (i32.const 0x2d)))
    (local.set $under (i8x16.splat (i32.const 0x5f)))
    (block $done
      (loop $blocks
        ;; Blocks are classified one ahead: block p's masks settle what starts in block p - 32.
        (br_if $done (i32.ge_u (local.get $p) (i32.add (local.get $len) (i32.const 32))))
        (local.set $v0 (v128.load (local.get $p)))
        (local.set $v1 (v128.load offset=16 (local.get $p)))
        ;; One bit per byte of the 32: bit i set when byte p + i is of the class.
        (local.set $d (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.lt_u (i8x16.sub (local.get $v0) (local.get $zero)) (local.get $ten))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.lt_u (i8x16.sub (local.get $v1) (local.get $zero)) (local.get $ten)))) (i64.const 16))))
        (local.set $pl (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $plusC))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $plusC)))) (i64.const 16))))
        (local.set $x (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (v128.or (local.get $v0) (local.get $case)) (local.get $lowerX))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (v128.or (local.get $v1) (local.get $case)) (local.get $lowerX)))) (i64.const 16))))
        (local.set $s (i64.or
          (i64.extend_i32_u (i8x16.bitmask (v128.or (i8x16.eq (local.get $v0) (local.get $dash)) (i8x16.eq (local.get $v0) (local.get $under)))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (v128.or (i8x16.eq (local.get $v1) (local.get $dash)) (i8x16.eq (local.get $v1) (local.get $under))))) (i64.const 16))))
        (if (i32.gt_u (local.get $p) (i32.const 0))
          (then
            (local.set $q (i32.sub (local.get $p) (i32.const 32)))
            (local.set $dd (i64.or (local.get $prevD) (i64.shl (local.get $d) (i64.const 32))))
            ;; A run of 5 starts at bit k when bits k..k+4 are digits and bit k-1 is not.
            (local.set $bits (i64.and
              (i64.and
                (i64.and (local.get $dd) (i64.shr_u (local.get $dd) (i64.const 1)))
                (i64.and (i64.shr_u (local.get $dd) (i64.const 2)) (i64.shr_u (local.get $dd) (i64.const 3))))
              (i64.shr_u (local.get $dd) (i64.const 4))))
            (local.set $bits (i64.and
              (i64.and (local.get $bits) (i64.const 0xffffffff))
              (i64.xor
                (i64.or (i64.shl (local.get $dd) (i64.const 1)) (local.get $carry))
                (i64.const -1))))
            ;; The first run without a branch (most blocks hold none or one), then any others.
            (i32.store
              (i32.add (local.get $runs) (i32.shl (local.get $nRuns) (i32.const 2)))
              (i32.add (local.get $q) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
            (local.set $nRuns (i32.add (local.get $nRuns) (i64.ne (local.get $bits) (i64.const 0))))
            (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
            (block $no_run
              (loop $each_run
                (br_if $no_run (i64.eqz (local.get $bits)))
                (i32.store
                  (i32.add (local.get $runs) (i32.shl (local.get $nRuns) (i32.const 2)))
                  (i32.add (local.get $q) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
                (local.set $nRuns (i32.add (local.get $nRuns) (i32.const 1)))
                (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
                (br $each_run)))
            ;; `+` then a digit.
            (local.set $bits (i64.and
              (local.get $prevP)
              (i64.and (i64.shr_u (local.get $dd) (i64.const 1)) (i64.const 0xffffffff))))
            ;; The first plus without a branch (most blocks hold none or one), then any others.
            (i32.store
              (i32.add (local.get $plus) (i32.shl (local.get $nPlus) (i32.const 2)))
              (i32.add (local.get $q) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
            (local.set $nPlus (i32.add (local.get $nPlus) (i64.ne (local.get $bits) (i64.const 0))))
            (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
            (block $no_plus
              (loop $each_plus
                (br_if $no_plus (i64.eqz (local.get $bits)))
                (i32.store
                  (i32.add (local.get $plus) (i32.shl (local.get $nPlus) (i32.const 2)))
                  (i32.add (local.get $q) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
                (local.set $nPlus (i32.add (local.get $nPlus) (i32.const 1)))
                (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
                (br $each_plus)))
            ;; `x` or `X`, then `-` or `_`.
            (local.set $bits (i64.and
              (local.get $prevX)
              (i64.and
                (i64.shr_u
                  (i64.or (local.get $prevS) (i64.shl (local.get $s) (i64.const 32)))
                  (i64.const 1))
                (i64.const 0xffffffff))))
            ;; The first name without a branch (most blocks hold none or one), then any others.
            (i32.store
              (i32.add (local.get $names) (i32.shl (local.get $nNames) (i32.const 2)))
              (i32.add (local.get $q) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
            (local.set $nNames (i32.add (local.get $nNames) (i64.ne (local.get $bits) (i64.const 0))))
            (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
            (block $no_name
              (loop $each_name
                (br_if $no_name (i64.eqz (local.get $bits)))
                (i32.store
                  (i32.add (local.get $names) (i32.shl (local.get $nNames) (i32.const 2)))
                  (i32.add (local.get $q) (i32.wrap_i64 (i64.ctz (local.get $bits)))))
                (local.set $nNames (i32.add (local.get $nNames) (i32.const 1)))
                (local.set $bits (i64.and (local.get $bits) (i64.sub (local.get $bits) (i64.const 1))))
                (br $each_name)))
            (local.set $carry (i64.and (i64.shr_u (local.get $prevD) (i64.const 31)) (i64.const 1)))))
        ;; Newlines: the count before each 4096-byte block, then this block's.
        (if (i32.eqz (i32.and (local.get $p) (i32.const 4095)))
          (then
            (i32.store
              (i32.add (local.get $lines) (i32.shr_u (local.get $p) (i32.const 10)))
              (local.get $newlines))))
        (local.set $newlines (i32.add
          (local.get $newlines)
          (i32.wrap_i64 (i64.popcnt (i64.or
          (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $nl))))
          (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $nl)))) (i64.const 16)))))))
        (local.set $prevD (local.get $d))
        (local.set $prevP (local.get $pl))
        (local.set $prevX (local.get $x))
        (local.set $prevS (local.get $s))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $blocks)))
    (global.set $runCount (local.get $nRuns))
    (global.set $plusCount (local.get $nPlus))
    (global.set $nameCount (local.get $nNames))
    (local.get $newlines))
)
