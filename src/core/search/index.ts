export * from './space';
export * from './strategies';
export * from './halving';
export * from './run';
export { TPE_DEFAULTS, type TpeOptions } from './tpe';
