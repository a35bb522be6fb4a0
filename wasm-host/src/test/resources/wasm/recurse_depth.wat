;; Recurses twice to the depth N given by the first 4 input bytes (little-endian), then echoes the
;; input. Exercises every way out of a function the stack budget must see: the final end, a return
;; inside nested blocks, a branch to the function's label, and a function with two results.
;; Frame costs (64 + 8 x (params + locals + most operands held)): $down 64 + 8 x (1 + 0 + 2) = 88,
;; $pair and $blk 88 each, run 64 + 8 x (2 + 0 + 2) = 96. A descent to N holds run and
;; N + 1 frames of $down: 96 + 88 (N + 1) bytes. With 64 KiB, N = 742 fits (65,480) and 743 does
;; not (65,568); the second descent only fits if the first gave every frame back.
(module
  (memory (export "memory") 1)
  (func $down (param $n i32) (result i32)
    (block $out
      (if (i32.eqz (local.get $n))
        (then (return (i32.const 0))))
      (br_if $out (i32.eq (local.get $n) (i32.const -1))))
    (i32.add (call $down (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))
  (func $pair (param $x i32) (result i32 i32)
    (local.get $x) (local.get $x))
  ;; A block with a parameter (multi-value block type): the operand-height count must follow it.
  (func $blk (param $x i32) (result i32)
    (local.get $x)
    (block (param i32) (result i32) (i32.const 2) (i32.add)))
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "run") (param $ptr i32) (param $len i32) (result i64)
    (drop (call $pair (i32.const 7)))
    (drop (call $blk (i32.const 5)))
    (drop (call $down (i32.load (local.get $ptr))))
    (drop (call $down (i32.load (local.get $ptr))))
    (br 0 (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
                  (i64.extend_i32_u (local.get $len))))))
