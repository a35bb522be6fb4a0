;; Hostile: alloc returns a pointer whose input range runs past the end of memory.
(module
  (memory (export "memory") 1)
  (func (export "alloc") (param i32) (result i32) (i32.const 65530))
  (func (export "run") (param i32 i32) (result i64) (i64.const 0)))
