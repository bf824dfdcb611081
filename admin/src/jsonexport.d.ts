// The browser build react-admin itself uses; it has the same API as the package's main entry.
declare module 'jsonexport/dist' {
  import jsonexport from 'jsonexport';
  export default jsonexport;
}
