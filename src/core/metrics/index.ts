export * from './classification';
export * from './classification-report';
export * from './curves';
export * from './regression';
export * from './worst';
