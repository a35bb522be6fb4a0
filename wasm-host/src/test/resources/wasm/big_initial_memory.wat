;; Needs 64 pages (4 MiB) at start: refused under a smaller memory cap.
(module
  (memory (export "memory") 64)
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "run") (param $p i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))))
