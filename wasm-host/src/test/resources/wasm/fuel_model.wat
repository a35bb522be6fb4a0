;; Worked example of the fuel cost model (docs/wasm-abi.md): alloc costs 3, run costs 4 + 3 x 10 = 34.
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32)
    (i32.const 1024))                                        ;; region: 1 + i32.const + end = 3
  (func (export "run") (param i32 i32) (result i64)
    (local $i i32)
    (loop $l                                                 ;; function region: 1 + loop + i64.const + end = 4
      (local.set $i (i32.add (local.get $i) (i32.const 1)))  ;; loop region: 1 + 9 instructions = 10 per iteration
      (br_if $l (i32.lt_u (local.get $i) (i32.const 3))))
    (i64.const 0)))
