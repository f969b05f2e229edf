// `express4` is an npm alias of express@4 installed for the adapter tests; @types/express covers
// both majors for the parts the tests use.
declare module 'express4' {
  import express from 'express';
  export default express;
}
