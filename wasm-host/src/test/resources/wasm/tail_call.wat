;; Tail recursion to the depth given by the first 4 input bytes: return_call must give the frame back.
(module
  (memory (export "memory") 1)
  (func $loop (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (return_call $loop (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "run") (param $ptr i32) (param $len i32) (result i64)
    (drop (call $loop (i32.load (local.get $ptr))))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
            (i64.extend_i32_u (local.get $len)))))
