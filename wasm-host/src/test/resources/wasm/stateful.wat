;; Counts its runs in a mutable global and in linear memory, and marks a table slot; returns
;; (runs, memory count, slot was empty). A fresh instance per job must report 1, 1, 1 every time.
(module
  (memory (export "memory") 1)
  (table $t 1 funcref)
  (global $runs (mut i32) (i32.const 0))
  (elem declare func $marker)
  (func $marker)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "run") (param i32 i32) (result i64)
    (global.set $runs (i32.add (global.get $runs) (i32.const 1)))
    (i32.store8 (i32.const 2048) (i32.add (i32.load8_u (i32.const 2048)) (i32.const 1)))
    (i32.store8 (i32.const 4096) (global.get $runs))
    (i32.store8 (i32.const 4097) (i32.load8_u (i32.const 2048)))
    (i32.store8 (i32.const 4098) (ref.is_null (table.get $t (i32.const 0))))
    (table.set $t (i32.const 0) (ref.func $marker))
    (i64.const 0x0000100000000003)))
