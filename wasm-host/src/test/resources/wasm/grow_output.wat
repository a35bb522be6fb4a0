;; Grows memory by one page inside run and returns "GREW" from the new page, so the host must
;; read the output through a view taken after the growth.
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "run") (param i32 i32) (result i64)
    (local $at i32)
    (local.set $at (i32.mul (memory.grow (i32.const 1)) (i32.const 65536)))
    (i32.store (local.get $at) (i32.const 0x57455247)) ;; "GREW" little-endian
    (i64.or (i64.shl (i64.extend_i32_u (local.get $at)) (i64.const 32)) (i64.const 4))))
