export {
  IniDocument,
  parseIni,
  parseIniBytes,
  profileSectionName,
  type AwsFileKind,
  type IniParseOptions,
  type IniProblem,
  type LineEnding,
} from './ini';
export { AwsFilesStore, type AwsFileEdit, type AwsFilesStoreOptions } from './store';
